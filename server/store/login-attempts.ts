/**
 * Failed logins, counted in the database so that every server process sees
 * the same count. A key is a username or a client, already turned into a
 * pseudonym by the caller. Too many failures within the window lock the key
 * for a while; attempts refused during a lock are not counted, so a lock
 * ends on time even while someone keeps knocking.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export interface ThrottleRule {
  /** Failures within the window that lock the key. */
  failures: number
  windowMinutes: number
  lockMinutes: number
}

/** The latest end of a lock still running on any of the keys, or null. */
export async function lockedUntil(db: Kysely<Database>, keys: string[], now = new Date()): Promise<Date | null> {
  const row = await db.selectFrom('login_attempts').select((eb) => eb.fn.max('locked_until').as('until')).where('key', 'in', keys).where('locked_until', '>', nowIso(now)).executeTakeFirst()
  return row?.until ? new Date(row.until) : null
}

/** Counts one failure against the key; returns the end of the lock when this failure starts one. */
export async function recordFailure(db: Kysely<Database>, key: string, rule: ThrottleRule, now = new Date()): Promise<Date | null> {
  const at = nowIso(now)
  const windowOpen = nowIso(new Date(now.getTime() - rule.windowMinutes * 60_000))
  // One statement, so two processes counting at once both count.
  const row = await db
    .insertInto('login_attempts')
    .values({ key, failures: 1, window_start: at, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when login_attempts.window_start < ${windowOpen} then 1 else login_attempts.failures + 1 end`,
        window_start: sql<string>`case when login_attempts.window_start < ${windowOpen} then ${at} else login_attempts.window_start end`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow()
  // Rows whose window and lock are both over carry nothing: keep the table small.
  await db
    .deleteFrom('login_attempts')
    .where('window_start', '<', windowOpen)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
    .execute()
  if (row.failures < rule.failures) return null
  const until = new Date(now.getTime() + rule.lockMinutes * 60_000)
  await db.updateTable('login_attempts').set({ failures: 0, window_start: at, locked_until: nowIso(until) }).where('key', '=', key).execute()
  return until
}

/** A successful login forgets the username's failures. */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute()
}
