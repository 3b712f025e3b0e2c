/**
 * The frozen figures of approved periods, as JSON written once at approval
 * (period-reviews.ts approveReview) and only read afterwards.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'

export async function readSnapshot<T>(db: Kysely<Database>, reviewId: number): Promise<T | undefined> {
  const row = await db.selectFrom('period_snapshots').select('figures').where('review_id', '=', reviewId).executeTakeFirst()
  return row ? (JSON.parse(row.figures) as T) : undefined
}
