/**
 * Retention: raw answers are kept for the months an administrator sets
 * (settings.ts); older responses and their answers are deleted, whole months
 * at a time, while the rollups keep their sums. Figures for those months
 * still come out of the rollups, exactly as before; what goes is what only
 * the raw rows could answer (weeks, hours, days inside an old month,
 * comments, flags to review).
 *
 * The first month still held raw is recorded, so that verifying or
 * rebuilding the rollups never mistakes the older sums for drift.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { getSetting, retentionMonths, setSetting } from './settings.ts'

/** The first month (YYYY-MM) whose raw answers are kept, `months` before `today`'s month. */
export function keptFromMonth(today: string, months: number): string {
  const total = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - months
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}

/** The first month raw answers are held for since retention last ran; null when it never deleted anything. */
export async function rawKeptFrom(db: Kysely<Database>): Promise<string | null> {
  return getSetting(db, 'raw_kept_from')
}

export interface RetentionOutcome {
  months: number
  keptFrom: string
  deleted: number
}

/** Deletes the responses (and answers) of the months before the retention period, in batches; the rollups stay. */
export async function applyRetention(db: Kysely<Database>, today: string, batch = 5000): Promise<RetentionOutcome> {
  const months = await retentionMonths(db)
  const keptFrom = keptFromMonth(today, months)
  const before = `${keptFrom}-01`
  let deleted = 0
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const ids = (await trx.selectFrom('responses').select('id').where('day', '<', before).limit(batch).execute()).map((r) => r.id)
      if (!ids.length) return 0
      await trx.deleteFrom('answers').where('response_id', 'in', ids).execute()
      await trx.deleteFrom('responses').where('id', 'in', ids).execute()
      // Never move the mark back: a longer period set later cannot bring deleted answers back.
      const mark = await getSetting(trx, 'raw_kept_from')
      if (!mark || mark < keptFrom) await setSetting(trx, 'raw_kept_from', keptFrom)
      return ids.length
    })
    deleted += n
    if (n < batch) break
  }
  return { months, keptFrom, deleted }
}
