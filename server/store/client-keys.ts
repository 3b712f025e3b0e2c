/**
 * Pseudonyms for things we must count but should not keep: a client's address
 * and a typed username become a keyed hash under a random key of the day.
 * Yesterday's key is deleted, so after a day nobody, not even someone holding
 * the whole database, can test guesses of addresses against old entries.
 * The key lives in the database so that several server processes agree.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { addDays, localDay, localMidnight } from '../domain/local-day.ts'

const cache = new WeakMap<Kysely<Database>, { key: Buffer; from: number; until: number }>()

async function keyOfDay(db: Kysely<Database>, now: Date): Promise<Buffer> {
  const hit = cache.get(db)
  const t = now.getTime()
  // Compared by instant: this runs on every submission, and the day changes once a day.
  if (hit && t >= hit.from && t < hit.until) return hit.key
  const day = localDay(now)
  await db.insertInto('client_keys').values({ day, key: randomBytes(32).toString('base64url') }).onConflict((oc) => oc.column('day').doNothing()).execute()
  const row = await db.selectFrom('client_keys').select('key').where('day', '=', day).executeTakeFirstOrThrow()
  await db.deleteFrom('client_keys').where('day', '<', day).execute()
  const key = Buffer.from(row.key, 'base64url')
  cache.set(db, { key, from: localMidnight(day), until: localMidnight(addDays(day, 1)) })
  return key
}

/** A short keyed hash of `kind:value` under today's key; the same value gives the same pseudonym all day. */
export async function pseudonym(db: Kysely<Database>, kind: 'client' | 'username', value: string, now = new Date()): Promise<string> {
  return createHmac('sha256', await keyOfDay(db, now)).update(`${kind}:${value}`).digest('base64url').slice(0, 22)
}
