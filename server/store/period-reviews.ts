/**
 * A unit's period (month, quarter, year) on its way from the unit to Sở Nội
 * vụ: submitted by a manager, returned with a remark or approved by an
 * administrator, then published or not. Approval stores the snapshot in the
 * same transaction (snapshots.ts): a period is never approved without its
 * frozen figures.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export const REVIEW_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

export interface Review {
  id: number
  unit_id: number
  unit_name: string
  unit_path: string
  period_key: string
  status: ReviewStatus
  remark: string | null
  submitted_by: string | null
  submitted_at: string | null
  returned_by: string | null
  returned_at: string | null
  approved_by: string | null
  approved_at: string | null
  published_by: string | null
  published_at: string | null
}

function query(db: Kysely<Database>) {
  return db
    .selectFrom('period_reviews as p')
    .innerJoin('units as un', 'un.id', 'p.unit_id')
    .leftJoin('users as s', 's.id', 'p.submitted_by')
    .leftJoin('users as r', 'r.id', 'p.returned_by')
    .leftJoin('users as a', 'a.id', 'p.approved_by')
    .leftJoin('users as pb', 'pb.id', 'p.published_by')
    .select([
      'p.id', 'p.unit_id', 'un.name as unit_name', 'un.path as unit_path', 'p.period_key', 'p.status', 'p.remark',
      's.username as submitted_by', 'p.submitted_at', 'r.username as returned_by', 'p.returned_at',
      'a.username as approved_by', 'p.approved_at', 'pb.username as published_by', 'p.published_at',
    ])
}

const review = (r: Record<string, unknown>) => r as unknown as Review

export async function getReview(db: Kysely<Database>, unitId: number, periodKey: string): Promise<Review | undefined> {
  const r = await query(db).where('p.unit_id', '=', unitId).where('p.period_key', '=', periodKey).executeTakeFirst()
  return r ? review(r) : undefined
}

export async function listReviews(db: Kysely<Database>, f: { unitPath?: string; status?: ReviewStatus | null; published?: boolean; unitId?: number }): Promise<Review[]> {
  const rows = await query(db)
    .$if(!!f.unitPath, (qb) => qb.where('un.path', 'like', `${f.unitPath}%`))
    .$if(!!f.status, (qb) => qb.where('p.status', '=', f.status!))
    .$if(f.published === true, (qb) => qb.where('p.published_at', 'is not', null))
    .$if(f.unitId !== undefined, (qb) => qb.where('p.unit_id', '=', f.unitId!))
    .orderBy('un.path')
    .orderBy('p.period_key', 'desc')
    .execute()
  return rows.map(review)
}

/** Submits (or submits again after a return); an approved period cannot be submitted. */
export async function submitReview(db: Kysely<Database>, unitId: number, periodKey: string, userId: number, remark: string | null): Promise<'ok' | 'approved'> {
  const now = nowIso()
  const existing = await db.selectFrom('period_reviews').select(['id', 'status']).where('unit_id', '=', unitId).where('period_key', '=', periodKey).executeTakeFirst()
  if (existing?.status === 'approved') return 'approved'
  if (existing) await db.updateTable('period_reviews').set({ status: 'submitted', remark, submitted_by: userId, submitted_at: now, updated_at: now }).where('id', '=', existing.id).execute()
  else await db.insertInto('period_reviews').values({ unit_id: unitId, period_key: periodKey, status: 'submitted', remark, submitted_by: userId, submitted_at: now, updated_at: now }).execute()
  return 'ok'
}

/** Sends a submitted period back to the unit with a remark. */
export async function returnReview(db: Kysely<Database>, id: number, userId: number, remark: string): Promise<boolean> {
  const now = nowIso()
  const r = await db.updateTable('period_reviews').set({ status: 'returned', remark, returned_by: userId, returned_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'submitted').executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Approves the period (creating its row if the unit never submitted) and stores its snapshot, in one transaction. */
export async function approveReview(db: Kysely<Database>, unitId: number, periodKey: string, userId: number, at: string, figures: string): Promise<'ok' | 'approved'> {
  return db.transaction().execute(async (trx) => {
    let row = await trx.selectFrom('period_reviews').select(['id', 'status']).where('unit_id', '=', unitId).where('period_key', '=', periodKey).executeTakeFirst()
    if (row?.status === 'approved') return 'approved'
    if (!row) row = await trx.insertInto('period_reviews').values({ unit_id: unitId, period_key: periodKey, status: 'draft', updated_at: at }).returning(['id', 'status']).executeTakeFirstOrThrow()
    await trx.updateTable('period_reviews').set({ status: 'approved', approved_by: userId, approved_at: at, updated_at: at }).where('id', '=', row.id).execute()
    await trx.insertInto('period_snapshots').values({ review_id: row.id, created_at: at, figures }).execute()
    return 'ok'
  })
}

/** Publishes or withdraws an approved period. */
export async function setPublished(db: Kysely<Database>, id: number, userId: number, published: boolean): Promise<boolean> {
  const now = nowIso()
  const r = await db
    .updateTable('period_reviews')
    .set(published ? { published_by: userId, published_at: now, updated_at: now } : { published_by: null, published_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
