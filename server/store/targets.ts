import type { Kysely, Selectable } from 'kysely'
import type { Database, TargetTable } from '../db/schema.ts'
import { DEFAULT_TARGETS, type Target } from '../domain/targets.ts'
import { nowIso } from './clock.ts'

const toTarget = (r: Selectable<TargetTable>): Target => ({ id: r.id, sector: r.sector, unitId: r.unit_id, threshold: r.threshold, validFrom: r.valid_from, source: r.source })

export async function listTargets(db: Kysely<Database>): Promise<Target[]> {
  const rows = await db.selectFrom('targets').selectAll().execute()
  return rows.map(toTarget)
}

export async function getTarget(db: Kysely<Database>, id: number): Promise<Target | undefined> {
  const row = await db.selectFrom('targets').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toTarget(row)
}

/** Installs the plans' default targets into an empty table. */
export async function seedDefaultTargets(db: Kysely<Database>): Promise<void> {
  const existing = await db.selectFrom('targets').select('id').limit(1).executeTakeFirst()
  if (existing) return
  await db
    .insertInto('targets')
    .values(DEFAULT_TARGETS.map((t) => ({ sector: t.sector, unit_id: t.unitId, threshold: t.threshold, valid_from: t.validFrom, source: t.source, created_at: nowIso() })))
    .execute()
}

export async function createTarget(db: Kysely<Database>, t: Omit<Target, 'id'>): Promise<Target> {
  const row = await db
    .insertInto('targets')
    .values({ sector: t.sector, unit_id: t.unitId, threshold: t.threshold, valid_from: t.validFrom, source: t.source, created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toTarget(row)
}

export async function updateTarget(db: Kysely<Database>, id: number, patch: { threshold?: number; validFrom?: string; source?: string }): Promise<Target | undefined> {
  const set = { threshold: patch.threshold, valid_from: patch.validFrom, source: patch.source }
  if (Object.values(set).some((v) => v !== undefined)) await db.updateTable('targets').set(set).where('id', '=', id).execute()
  return getTarget(db, id)
}

export async function deleteTarget(db: Kysely<Database>, id: number): Promise<boolean> {
  const out = await db.deleteFrom('targets').where('id', '=', id).executeTakeFirst()
  return Number(out.numDeletedRows) > 0
}
