/**
 * Reading the rollups: whole months of an instrument for a subtree, from the
 * subtree rows (a handful per period, however many responses) or, for
 * breakdowns by touchpoint, service or unit, from the touchpoint rows.
 * A result is null when a row was laid out for another version of the
 * survey: the caller then reads raw answers.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { decodeTally } from '../domain/tally-codec.ts'
import { emptyTally, mergeTally, type Tally } from '../domain/tally.ts'
import type { SurveyDefinition } from '../domain/survey-types.ts'

export interface RolledTallies {
  total: Tally
  groups: Map<string, Tally>
}

/** The subtree of one unit over whole months, with a tally per month when asked. */
export async function loadSubtreeTallies(db: Kysely<Database>, def: SurveyDefinition, unitId: number, fromMonth: string, toMonth: string): Promise<RolledTallies | null> {
  const rows = await db
    .selectFrom('subtree_rollups')
    .select(['month', 'layout', 'sums'])
    .where('survey_id', '=', def.id)
    .where('unit_id', '=', unitId)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .execute()
  return sumRows(def, rows, (row) => row.month)
}

/** Adds the rows into a total and, when `groupOf` is given, into a tally per group. Null when a row is stale. */
function sumRows<R extends { layout: string; sums: string }>(def: SurveyDefinition, rows: R[], groupOf: ((row: R) => string) | null): RolledTallies | null {
  const total = emptyTally(def)
  const groups = new Map<string, Tally>()
  for (const row of rows) {
    const tally = decodeTally(def, row.layout, row.sums)
    if (!tally) return null
    mergeTally(total, tally)
    if (!groupOf) continue
    const key = groupOf(row)
    const g = groups.get(key)
    if (g) mergeTally(g, tally)
    else groups.set(key, tally)
  }
  return { total, groups }
}

export type RollupDimension = 'service' | 'touchpoint' | 'month' | 'unit'

export interface RollupScope {
  unitPath: string
  /** First and last month, YYYY-MM, inclusive. */
  fromMonth: string
  toMonth: string
}

/**
 * The tallies of whole months from the rollups, for the whole scope and per
 * group. Null when a row is stale (laid out for another survey version):
 * the caller then reads raw answers.
 */
export async function loadRollupTallies(
  db: Kysely<Database>,
  def: SurveyDefinition,
  scope: RollupScope,
  by: RollupDimension | null,
): Promise<RolledTallies | null> {
  const rows = await db
    .selectFrom('rollups as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.month', 'r.touchpoint_id', 'r.unit_id', 'r.service_id', 'r.layout', 'r.sums'])
    .where('r.survey_id', '=', def.id)
    .where('r.month', '>=', scope.fromMonth)
    .where('r.month', '<=', scope.toMonth)
    .where('u.path', 'like', `${scope.unitPath}%`)
    .execute()
  return sumRows(def, rows, by && ((row) => (by === 'service' ? String(row.service_id ?? '') : by === 'touchpoint' ? String(row.touchpoint_id) : by === 'unit' ? String(row.unit_id) : row.month)))
}

/** Responses per instrument in a unit's subtree over whole months. */
export async function countByInstrument(db: Kysely<Database>, unitId: number, fromMonth: string, toMonth: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('subtree_rollups')
    .select(['survey_id', (eb) => eb.fn.sum<number>('n').as('n')])
    .where('unit_id', '=', unitId)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .groupBy('survey_id')
    .execute()
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]))
}
