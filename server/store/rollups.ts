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
import { dropZeroCounts, negatedTally } from '../domain/tally-negate.ts'
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

  /** Adds a response, or with sign -1 takes a counted one back out (it was flagged). */
  add(r: RollupInput, sign: 1 | -1 = 1): void {
    const def = this.surveys.get(r.surveyId)
    if (!def) return
    const month = r.day.slice(0, 7)
    const key = `${r.surveyId}\u0000${month}\u0000${r.touchpointId}`
    let b = this.#map.get(key)
    if (!b) this.#map.set(key, (b = { surveyId: r.surveyId, month, touchpointId: r.touchpointId, unitId: r.unitId, serviceId: r.serviceId, tally: emptyTally(def) }))
    if (sign === 1) return addResponse(b.tally, def, r.answers)
    const one = emptyTally(def)
    addResponse(one, def, r.answers)
    mergeTally(b.tally, negatedTally(one))
  }

  /** In key order: writers that lock rows in the same order never deadlock. */
  sorted(): Bucket[] {
    return [...this.#map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b)
  }
}

/** Adds a tally into one stored row, creating it empty first; the row is locked on PostgreSQL. */
async function mergeRow(
  trx: Transaction<Database>,
  dialect: DialectName,
  def: SurveyDefinition,
  table: 'rollups' | 'subtree_rollups',
  key: { survey_id: string; month: string } & ({ touchpoint_id: number } | { unit_id: number }),
  extra: Record<string, unknown>,
  tally: Tally,
): Promise<void> {
  // Kysely cannot type a table chosen at run time; both tables share these columns.
  const t = trx as unknown as Kysely<{ r: { survey_id: string; month: string; touchpoint_id: number; unit_id: number; n: number; layout: string; sums: string } }>
  const cols = Object.keys(key) as ('survey_id' | 'month' | 'touchpoint_id' | 'unit_id')[]
  const where = <QB extends { where: (...a: any[]) => QB }>(qb: QB) => cols.reduce((q, c) => q.where(c, '=', (key as Record<string, unknown>)[c]), qb)
  await t
    .insertInto(table as 'r')
    .values({ ...key, ...extra, n: 0, ...encodeTally(emptyTally(def)) } as never)
    .onConflict((oc) => oc.columns(cols).doNothing())
    .execute()
  let select = where(t.selectFrom(table as 'r').select(['layout', 'sums']))
  if (dialect === 'postgres') select = select.forUpdate()
  const row = await select.executeTakeFirstOrThrow()
  // A row laid out for an older version of the survey restarts from this batch; start-up rebuilds such rows.
  const merged = dropZeroCounts(mergeTally(decodeTally(def, row.layout, row.sums) ?? emptyTally(def), tally))
  await where(t.updateTable(table as 'r').set({ n: merged.n, ...encodeTally(merged) })).execute()
}

/** Adds the buckets to their touchpoint rows and to the subtree rows of every unit above them, inside the caller's transaction. */
export async function addToRollups(trx: Transaction<Database>, dialect: DialectName, surveys: SurveyCatalogue, buckets: Bucket[]): Promise<void> {
  if (!buckets.length) return
  for (const b of buckets) {
    const def = surveys.get(b.surveyId)!
    await mergeRow(trx, dialect, def, 'rollups', { survey_id: b.surveyId, month: b.month, touchpoint_id: b.touchpointId }, { unit_id: b.unitId, service_id: b.serviceId }, b.tally)
  }
  // FOR SHARE: a unit being moved (its path rewritten) makes this wait, so the sums land on its new ancestors.
  const paths = await unitPaths(trx, buckets.map((b) => b.unitId), dialect === 'postgres')
  for (const st of subtreeBuckets(surveys, buckets, paths)) {
    await mergeRow(trx, dialect, surveys.get(st.surveyId)!, 'subtree_rollups', { survey_id: st.surveyId, month: st.month, unit_id: st.unitId }, {}, st.tally)
  }
}

export interface SubtreeBucket {
  surveyId: string
  month: string
  unitId: number
  tally: Tally
}

/** Touchpoint buckets summed into every unit above them (their own unit included), in key order. */
export function subtreeBuckets(surveys: SurveyCatalogue, buckets: Pick<Bucket, 'surveyId' | 'month' | 'unitId' | 'tally'>[], paths: Map<number, string>): SubtreeBucket[] {
  const out = new Map<string, SubtreeBucket>()
  for (const b of buckets) {
    for (const unitId of ancestorsOf(paths.get(b.unitId) ?? '')) {
      const key = `${b.surveyId}\u0000${String(unitId).padStart(12, '0')}\u0000${b.month}`
      const s = out.get(key)
      if (s) mergeTally(s.tally, b.tally)
      else out.set(key, { surveyId: b.surveyId, month: b.month, unitId, tally: mergeTally(emptyTally(surveys.get(b.surveyId)!), b.tally) })
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s)
}

export async function unitPaths(db: Kysely<Database>, ids: number[], lock = false): Promise<Map<number, string>> {
  const unique = [...new Set(ids)].sort((a, b) => a - b)
  const paths = new Map<number, string>()
  for (let i = 0; i < unique.length; i += 500) {
    const query = db.selectFrom('units').select(['id', 'path']).where('id', 'in', unique.slice(i, i + 500))
    for (const u of await (lock ? query.forShare() : query).execute()) paths.set(u.id, u.path)
  }
  return paths
}

/**
 * Recomputes every subtree row from the touchpoint rows, after the tree
 * changed shape (a unit moved): the touchpoint rows do not depend on the
 * tree, the subtree rows do.
 */
export async function rebuildSubtreeRollups(trx: Transaction<Database>, dialect: DialectName, surveys: SurveyCatalogue): Promise<void> {
  await trx.deleteFrom('subtree_rollups').execute()
  for (const def of surveys.values()) {
    const rows = await trx.selectFrom('rollups').select(['month', 'unit_id', 'layout', 'sums']).where('survey_id', '=', def.id).execute()
    const buckets = rows.flatMap((r) => {
      const tally = decodeTally(def, r.layout, r.sums)
      return tally ? [{ surveyId: def.id, month: r.month, unitId: r.unit_id, tally }] : []
    })
    const paths = await unitPaths(trx, buckets.map((b) => b.unitId))
    for (const st of subtreeBuckets(surveys, buckets, paths)) {
      await mergeRow(trx, dialect, def, 'subtree_rollups', { survey_id: def.id, month: st.month, unit_id: st.unitId }, {}, st.tally)
    }
  }
}

/** The unit itself and every unit above it, read off its materialised path. */
const ancestorsOf = (path: string) => path.split('/').filter(Boolean).map(Number)

