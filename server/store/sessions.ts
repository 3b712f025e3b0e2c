/**
 * Staff sessions. The cookie carries a random token; the table keeps only its
 * SHA-256, so reading the database does not let anyone log in.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, User } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export const SESSION_HOURS = 12

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

export async function createSession(db: Kysely<Database>, userId: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000)
  await db.insertInto('sessions').values({ token_hash: hashToken(token), user_id: userId, created_at: nowIso(now), expires_at: nowIso(expires) }).execute()
  return token
}

export async function userOfSession(db: Kysely<Database>, token: string, now = new Date()): Promise<User | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .where('s.token_hash', '=', hashToken(token))
    .where('s.expires_at', '>', nowIso(now))
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst()
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute()
}
