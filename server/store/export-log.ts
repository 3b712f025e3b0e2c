/**
 * The record of exports: who made which file with which filters, whether its
 * period was frozen, how many rows it had and its SHA-256, so an export can
 * be repeated and, for a frozen period, shown to give the same bytes.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export interface ExportEntry {
  id: number
  at: string
  user_id: number | null
  username: string | null
  kind: string
  format: string
  filters: Record<string, string>
  period_frozen: boolean
  rows: number
  sha256: string | null
  made_at: string
}

export async function startExport(db: Kysely<Database>, e: { userId: number; kind: string; format: string; filters: Record<string, string>; frozen: boolean; madeAt: string }): Promise<number> {
  const row = await db
    .insertInto('export_log')
    .values({ at: nowIso(), user_id: e.userId, kind: e.kind, format: e.format, filters: JSON.stringify(e.filters), period_frozen: e.frozen ? 1 : 0, rows: 0, sha256: null, made_at: e.madeAt })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function finishExport(db: Kysely<Database>, id: number, rows: number, sha256: string): Promise<void> {
  await db.updateTable('export_log').set({ rows, sha256 }).where('id', '=', id).execute()
}

function query(db: Kysely<Database>) {
  return db
    .selectFrom('export_log as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.id', 'e.at', 'e.user_id', 'u.username', 'e.kind', 'e.format', 'e.filters', 'e.period_frozen', 'e.rows', 'e.sha256', 'e.made_at'])
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>
const entry = (r: Row): ExportEntry => ({ ...r, username: r.username ?? null, filters: JSON.parse(r.filters) as Record<string, string>, period_frozen: !!r.period_frozen })

export async function getExport(db: Kysely<Database>, id: number): Promise<ExportEntry | undefined> {
  const r = await query(db).where('e.id', '=', id).executeTakeFirst()
  return r ? entry(r) : undefined
}

/** Newest first; one user's, or everyone's (userId null). */
export async function listExports(db: Kysely<Database>, userId: number | null, limit = 100): Promise<ExportEntry[]> {
  const rows = await query(db)
    .$if(userId !== null, (qb) => qb.where('e.user_id', '=', userId!))
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map(entry)
}
