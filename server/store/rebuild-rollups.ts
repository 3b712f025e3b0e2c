/**
 * Rebuilds the rollups from the raw responses, or checks that they match.
 * Run at start-up for any instrument whose stored layout no longer matches
 * its definition, and by `npm run rollups -- verify|rebuild`.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { DialectName } from '../db/dialect.ts'
import { decodeTally, encodeTally } from '../domain/tally-codec.ts'
import type { Answers } from '../domain/survey-types.ts'
import type { Tally } from '../domain/tally.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { rawKeptFrom } from './retention.ts'
import { addToRollups, Buckets, subtreeBuckets, unitPaths, type Bucket, type RollupInput } from './rollups.ts'

/** The rollups one instrument should have, recounted from its raw answers; memory grows with the buckets, not the responses. */
async function recount(db: Kysely<Database>, surveys: SurveyCatalogue, surveyId: string): Promise<Bucket[]> {
  const rows = db
    .selectFrom('responses as r')
    .leftJoin('answers as a', (j) => j.onRef('a.response_id', '=', 'r.id').on('a.value_num', 'is not', null))
    .select(['r.id', 'r.day', 'r.touchpoint_id', 'r.unit_id', 'r.service_id', 'a.item', 'a.value_num'])
    .where('r.survey_id', '=', surveyId)
    .where('r.status', '=', 'ok')
    .orderBy('r.id')
    .stream(5000)
  const buckets = new Buckets(surveys)
  let current: RollupInput | null = null
  let currentId: number | null = null
  for await (const row of rows) {
    if (row.id !== currentId) {
      if (current) buckets.add(current)
      currentId = row.id
      current = { surveyId, day: row.day, touchpointId: row.touchpoint_id, unitId: row.unit_id, serviceId: row.service_id, answers: {} as Answers }
    }
    if (row.item !== null) current!.answers[row.item] = row.value_num!
  }
  if (current) buckets.add(current)
  return buckets.sorted()
}

export interface RollupCheck {
  surveyId: string
  rows: number
  /** Keys (survey/month/touchpoint) whose stored sums differ from the recount, or that are missing or extra. */
  mismatched: string[]
}

/** Months before the retention mark have sums but no raw answers left (retention.ts): they are neither checked nor rebuilt. */
export async function verifyRollups(db: Kysely<Database>, dialect: DialectName, surveys: SurveyCatalogue): Promise<RollupCheck[]> {
  const out: RollupCheck[] = []
  const keptFrom = (await rawKeptFrom(db)) ?? ''
  for (const def of surveys.values()) {
    const buckets = await recount(db, surveys, def.id)
    const paths = await unitPaths(db, dialect, buckets.map((b) => b.unitId))
    const expected = new Map<string, Tally>([
      ...buckets.map((b) => [`touchpoint/${b.month}/${b.touchpointId}`, b.tally] as const),
      ...subtreeBuckets(surveys, buckets, paths).map((b) => [`unit/${b.month}/${b.unitId}`, b.tally] as const),
    ])
    const stored = [
      ...(await db.selectFrom('rollups').select(['month', 'touchpoint_id', 'layout', 'sums']).where('survey_id', '=', def.id).where('month', '>=', keptFrom).execute()).map((r) => ({ key: `touchpoint/${r.month}/${r.touchpoint_id}`, ...r })),
      ...(await db.selectFrom('subtree_rollups').select(['month', 'unit_id', 'layout', 'sums']).where('survey_id', '=', def.id).where('month', '>=', keptFrom).execute()).map((r) => ({ key: `unit/${r.month}/${r.unit_id}`, ...r })),
    ]
    const mismatched: string[] = []
    for (const row of stored) {
      const want = expected.get(row.key)
      const have = decodeTally(def, row.layout, row.sums)
      // An empty row (left by a rolled-back batch) is harmless where nothing is expected.
      const differs = want ? !have || encodeTally(want).sums !== encodeTally(have).sums : !have || have.n !== 0
      if (differs) mismatched.push(`${def.id}/${row.key}`)
      expected.delete(row.key)
    }
    for (const key of expected.keys()) mismatched.push(`${def.id}/${key}`)
    out.push({ surveyId: def.id, rows: stored.length, mismatched })
  }
  return out
}

/** Replaces an instrument's rollups by a recount, in one transaction. */
export async function rebuildRollups(db: Kysely<Database>, dialect: DialectName, surveys: SurveyCatalogue, surveyId: string): Promise<number> {
  const buckets = await recount(db, surveys, surveyId)
  const keptFrom = (await rawKeptFrom(db)) ?? ''
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('rollups').where('survey_id', '=', surveyId).where('month', '>=', keptFrom).execute()
    await trx.deleteFrom('subtree_rollups').where('survey_id', '=', surveyId).where('month', '>=', keptFrom).execute()
    await addToRollups(trx, dialect, surveys, buckets)
  })
  return buckets.length
}

/** Instruments whose stored rollups were laid out for another version of their definition. */
export async function staleRollupSurveys(db: Kysely<Database>, surveys: SurveyCatalogue): Promise<string[]> {
  const layouts = [
    ...(await db.selectFrom('rollups').select(['survey_id', 'layout']).distinct().execute()),
    ...(await db.selectFrom('subtree_rollups').select(['survey_id', 'layout']).distinct().execute()),
  ]
  const stale = new Set<string>()
  for (const { survey_id, layout } of layouts) {
    const def = surveys.get(survey_id)
    if (def && decodeTally(def, layout, '{}') === null) stale.add(survey_id)
  }
  return [...stale]
}
