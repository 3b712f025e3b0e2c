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
import { decodeTally, encodedEmpty, encodeTally } from '../domain/tally-codec.ts'
import { addResponse, emptyTally, mergeTally, type Tally } from '../domain/tally.ts'
import { dropZeroCounts, negatedTally } from '../domain/tally-negate.ts'
import type { Answers } from '../domain/survey-types.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { padded, paddedSlices, runShaped } from './shaped-query.ts'

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

  /** In key order, so that runs are repeatable. */
  sorted(): Bucket[] {
    return [...this.#map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b)
  }
}

type RollupTable = 'rollups' | 'subtree_rollups'
type KeyColumn = 'touchpoint_id' | 'unit_id'

/** A tally to add into the row of (instrument, month, touchpoint or unit). */
interface RowMerge {
  surveyId: string
  month: string
  id: number
  /** Columns set only when the row is created. */
  extra: Record<string, unknown>
  tally: Tally
}

/** Ids per statement, at most: well under either dialect's limit on bound values. A statement size (shaped-query.ts). */
const MERGE_ROWS = 256

/**
 * Adds tallies into their stored rows with a few statements per instrument
 * and month, whatever the number of rows: read them all, write them all
 * back merged. A batch of submissions from across a province touches
 * hundreds of rows; one read and one write per row made those rows the
 * write path's largest cost. On PostgreSQL the missing rows are first
 * created empty, so that the read can lock every row (in key order) against
 * another process's merge; SQLite's one writer needs no lock, and skipping
 * that statement took about a tenth off the write thread's time.
 */
async function mergeRows(trx: Transaction<Database>, dialect: DialectName, surveys: SurveyCatalogue, table: RollupTable, keyColumn: KeyColumn, merges: RowMerge[]): Promise<void> {
  // Kysely cannot type a table chosen at run time; both tables share these columns.
  const t = trx as unknown as Kysely<{ r: { survey_id: string; month: string; touchpoint_id: number; unit_id: number; n: number; layout: string; sums: string } }>
  const groups = new Map<string, RowMerge[]>()
  for (const m of merges) {
    const key = `${m.surveyId}\u0000${m.month}`
    const group = groups.get(key)
    if (group) group.push(m)
    else groups.set(key, [m])
  }
  // One order for every writer (instrument, month, id), so two processes on PostgreSQL never lock the same rows in opposite orders.
  for (const key of [...groups.keys()].sort()) {
    const all = groups.get(key)!.sort((a, b) => a.id - b.id)
    const def = surveys.get(all[0]!.surveyId)!
    for (let i = 0; i < all.length; i += MERGE_ROWS) {
      const chunk = all.slice(i, i + MERGE_ROWS)
      const { surveyId, month } = chunk[0]!
      const row = (m: RowMerge, n: number, encoded: { layout: string; sums: string }) => ({ survey_id: surveyId, month, [keyColumn]: m.id, ...m.extra, n, ...encoded }) as never
      if (dialect === 'postgres')
        await runShaped(trx, dialect, `create ${table}`, padded(chunk.map((m) => row(m, 0, encodedEmpty(def)))), (values) =>
          t
            .insertInto(table as 'r')
            .values(values)
            .onConflict((oc) => oc.columns(['survey_id', 'month', keyColumn]).doNothing()),
        )
      const read = await runShaped(trx, dialect, `read ${table}`, [surveyId, month, ...padded(chunk.map((m) => m.id))], ([survey, mon, ...ids]) => {
        const select = t
          .selectFrom(table as 'r')
          .select([keyColumn, 'layout', 'sums'])
          .where('survey_id', '=', survey as string)
          .where('month', '=', mon as string)
          .where(keyColumn, 'in', ids as number[])
          .orderBy(keyColumn)
        return dialect === 'postgres' ? select.forUpdate() : select
      })
      const stored = new Map(read.map((r) => [r[keyColumn], r]))
      // A row laid out for an older version of the survey restarts from this batch; start-up rebuilds such rows.
      const merged = chunk.map((m) => {
        const was = stored.get(m.id)
        const sum = dropZeroCounts(mergeTally((was && decodeTally(def, was.layout, was.sums)) ?? emptyTally(def), m.tally))
        return row(m, sum.n, encodeTally(sum))
      })
      // PostgreSQL refuses to update one row twice in a statement; SQLite writes the copies' same sums again.
      await runShaped(trx, dialect, `merge ${table}`, dialect === 'sqlite' ? padded(merged) : merged, (values) =>
        t
          .insertInto(table as 'r')
          .values(values)
          .onConflict((oc) => oc.columns(['survey_id', 'month', keyColumn]).doUpdateSet((eb) => ({ n: eb.ref('excluded.n'), layout: eb.ref('excluded.layout'), sums: eb.ref('excluded.sums') }))),
      )
    }
  }
}

/** Adds the buckets to their touchpoint rows and to the subtree rows of every unit above them, inside the caller's transaction. */
export async function addToRollups(trx: Transaction<Database>, dialect: DialectName, surveys: SurveyCatalogue, buckets: Bucket[]): Promise<void> {
  if (!buckets.length) return
  const known = buckets.filter((b) => surveys.has(b.surveyId))
  await mergeRows(trx, dialect, surveys, 'rollups', 'touchpoint_id', known.map((b) => ({ surveyId: b.surveyId, month: b.month, id: b.touchpointId, extra: { unit_id: b.unitId, service_id: b.serviceId }, tally: b.tally })))
  // FOR SHARE: a unit being moved (its path rewritten) makes this wait, so the sums land on its new ancestors.
  const paths = await unitPaths(trx, dialect, known.map((b) => b.unitId), dialect === 'postgres')
  await mergeRows(trx, dialect, surveys, 'subtree_rollups', 'unit_id', subtreeBuckets(surveys, known, paths).map((st) => ({ surveyId: st.surveyId, month: st.month, id: st.unitId, extra: {}, tally: st.tally })))
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

export async function unitPaths(db: Kysely<Database>, dialect: DialectName, ids: number[], lock = false): Promise<Map<number, string>> {
  const unique = [...new Set(ids)].sort((a, b) => a - b)
  const paths = new Map<number, string>()
  for (const slice of paddedSlices(unique, 256)) {
    const units = await runShaped(db, dialect, lock ? 'unit paths, locked' : 'unit paths', slice, (values) => {
      const query = db.selectFrom('units').select(['id', 'path']).where('id', 'in', values)
      return lock ? query.forShare() : query
    })
    for (const u of units) paths.set(u.id, u.path)
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
    const paths = await unitPaths(trx, dialect, buckets.map((b) => b.unitId))
    await mergeRows(trx, dialect, surveys, 'subtree_rollups', 'unit_id', subtreeBuckets(surveys, buckets, paths).map((st) => ({ surveyId: st.surveyId, month: st.month, id: st.unitId, extra: {}, tally: st.tally })))
  }
}

/** The unit itself and every unit above it, read off its materialised path. */
const ancestorsOf = (path: string) => path.split('/').filter(Boolean).map(Number)

