import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { DEFAULT_TARGETS, type Target } from '../domain/targets.ts'
import { nowIso } from './clock.ts'

export async function listTargets(db: Kysely<Database>): Promise<Target[]> {
  const rows = await db.selectFrom('targets').selectAll().execute()
  return rows.map((r) => ({ id: r.id, sector: r.sector, unitId: r.unit_id, threshold: r.threshold, validFrom: r.valid_from, source: r.source }))
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
