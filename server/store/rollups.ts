/**
 * Rollups: the tallies of each instrument per month and touchpoint, kept in
 * step with the responses in the same transaction that stores them, so a
 * reader never sees one without the other. Reading a month-aligned period
 * then sums a few rows per touchpoint instead of every answer.
 *
 * On PostgreSQL several server processes may add to the same row at once:
 * each locks its rows (FOR UPDATE) in key order, so they wait for each other
 * instead of losing an update or deadlocking.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { DialectName } from '../db/dialect.ts'
import { decodeTally, encodeTally } from '../domain/tally-codec.ts'
import { addResponse, emptyTally, mergeTally, type Tally } from '../domain/tally.ts'
import type { Answers, SurveyDefinition } from '../domain/survey-types.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'

export interface RollupInput {
  surveyId: string
  day: string
  touchpointId: number
  unitId: number
  serviceId: number | null
  answers: Answers
}

export interface Bucket {
  surveyId: string
  month: string
  touchpointId: number
  unitId: number
  serviceId: number | null
  tally: Tally
}

/** Sums responses by (instrument, month, touchpoint). Instruments no longer loaded are skipped: nothing can read them. */
export class Buckets {
  #map = new Map<string, Bucket>()
  constructor(private readonly surveys: SurveyCatalogue) {}

  add(r: RollupInput): void {
    const def = this.surveys.get(r.surveyId)
    if (!def) return
    const month = r.day.slice(0, 7)
    const key = `${r.surveyId}\u0000${month}\u0000${r.touchpointId}`
    let b = this.#map.get(key)
    if (!b) this.#map.set(key, (b = { surveyId: r.surveyId, month, touchpointId: r.touchpointId, unitId: r.unitId, serviceId: r.serviceId, tally: emptyTally(def) }))
    addResponse(b.tally, def, r.answers)
  }

  /** In key order: writers that lock rows in the same order never deadlock. */
  sorted(): Bucket[] {
    return [...this.#map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b)
  }
}

export function bucketResponses(surveys: SurveyCatalogue, responses: RollupInput[]): Bucket[] {
  const buckets = new Buckets(surveys)
  for (const r of responses) buckets.add(r)
  return buckets.sorted()
}

/** Adds the buckets to their rows inside the caller's transaction. */
export async function addToRollups(trx: Transaction<Database>, dialect: DialectName, surveys: SurveyCatalogue, buckets: Bucket[]): Promise<void> {
  for (const b of buckets) {
    const def = surveys.get(b.surveyId)!
    await trx
      .insertInto('rollups')
      .values({ survey_id: b.surveyId, month: b.month, touchpoint_id: b.touchpointId, unit_id: b.unitId, service_id: b.serviceId, n: 0, ...encodeTally(emptyTally(def)) })
      .onConflict((oc) => oc.columns(['survey_id', 'month', 'touchpoint_id']).doNothing())
      .execute()
    let select = trx
      .selectFrom('rollups')
      .select(['layout', 'sums'])
      .where('survey_id', '=', b.surveyId)
      .where('month', '=', b.month)
      .where('touchpoint_id', '=', b.touchpointId)
    if (dialect === 'postgres') select = select.forUpdate()
    const row = await select.executeTakeFirstOrThrow()
    // A row laid out for an older version of the survey restarts from this batch; `rollups verify` reports it.
    const stored = decodeTally(def, row.layout, row.sums) ?? emptyTally(def)
    const merged = mergeTally(stored, b.tally)
    await trx
      .updateTable('rollups')
      .set({ n: merged.n, ...encodeTally(merged) })
      .where('survey_id', '=', b.surveyId)
      .where('month', '=', b.month)
      .where('touchpoint_id', '=', b.touchpointId)
      .execute()
  }
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
): Promise<{ total: Tally; groups: Map<string, Tally> } | null> {
  const rows = await db
    .selectFrom('rollups as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.month', 'r.touchpoint_id', 'r.unit_id', 'r.service_id', 'r.layout', 'r.sums'])
    .where('r.survey_id', '=', def.id)
    .where('r.month', '>=', scope.fromMonth)
    .where('r.month', '<=', scope.toMonth)
    .where('u.path', 'like', `${scope.unitPath}%`)
    .execute()
  const total = emptyTally(def)
  const groups = new Map<string, Tally>()
  for (const row of rows) {
    const tally = decodeTally(def, row.layout, row.sums)
    if (!tally) return null
    mergeTally(total, tally)
    if (!by) continue
    const key = by === 'service' ? String(row.service_id ?? '') : by === 'touchpoint' ? String(row.touchpoint_id) : by === 'unit' ? String(row.unit_id) : row.month
    const g = groups.get(key)
    if (g) mergeTally(g, tally)
    else groups.set(key, tally)
  }
  return { total, groups }
}
