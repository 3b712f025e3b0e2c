/**
 * Staff sessions. The cookie carries a random token; the table keeps only its
 * SHA-256, so reading the database does not let anyone log in. A session ends
 * 12 hours after login, or earlier when left unused for the idle limit; its
 * last use is written at most once a minute, not at every request.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, User } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export const SESSION_HOURS = 12
/** Last use is refreshed no more often than this. */
const TOUCH_MS = 60_000

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

export async function createSession(db: Kysely<Database>, userId: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000)
  await db.insertInto('sessions').values({ token_hash: hashToken(token), user_id: userId, created_at: nowIso(now), expires_at: nowIso(expires), last_seen_at: nowIso(now) }).execute()
  return token
}

/** The user of a live session, or undefined; `idleMinutes` 0 leaves only the absolute limit. */
export async function userOfSession(db: Kysely<Database>, token: string, now = new Date(), idleMinutes = 0): Promise<User | undefined> {
  const tokenHash = hashToken(token)
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.last_seen_at as session_seen', 's.created_at as session_created'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', nowIso(now))
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  const { session_seen, session_created, ...user } = row
  const seen = new Date(session_seen ?? session_created).getTime()
  if (idleMinutes > 0 && now.getTime() - seen >= idleMinutes * 60_000) {
    await deleteSession(db, token)
    return undefined
  }
  if (now.getTime() - seen >= TOUCH_MS) await db.updateTable('sessions').set({ last_seen_at: nowIso(now) }).where('token_hash', '=', tokenHash).execute()
  return user
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute()
}
