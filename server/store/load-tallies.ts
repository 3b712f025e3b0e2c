/**
 * Reads the responses of one instrument in a subtree and period into tallies,
 * one for the whole and one per group.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { addResponse, emptyTally, type Tally } from '../domain/tally.ts'
import type { Answers, SurveyDefinition } from '../domain/survey-types.ts'
import { hourCellKey, isoWeekKey } from '../domain/time-buckets.ts'

/** What responses are grouped by: week keys are ISO weeks ("2026-W07"), hour keys weekday-hour cells ("1-09"). */
export type GroupDimension = 'service' | 'touchpoint' | 'month' | 'week' | 'hour'

interface KeyRow {
  service_id: number | null
  touchpoint_id: number
  day: string
  received_at: string
}

const KEY_OF: Record<GroupDimension, (r: KeyRow) => string> = {
  service: (r) => String(r.service_id ?? ''),
  touchpoint: (r) => String(r.touchpoint_id),
  month: (r) => r.day.slice(0, 7),
  week: (r) => isoWeekKey(r.day),
  hour: (r) => hourCellKey(r.day, r.received_at),
}

export interface Scope {
  unitPath: string
  from: string
  to: string
}

export interface Tallies {
  total: Tally
  groups: Map<string, Tally>
}

/** With `all`, flagged responses count too (the "all" figure beside the published one; never in the rollups); with `verifiedOnly`, only responses made through a one-time ticket (the rollups do not split by it). */
export async function loadTallies(db: Kysely<Database>, def: SurveyDefinition, scope: Scope, by: GroupDimension | null, opts: { all?: boolean; verifiedOnly?: boolean } = {}): Promise<Tallies> {
  const total = emptyTally(def)
  const groups = new Map<string, Tally>()
  const rows = db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('answers as a', 'a.response_id', 'r.id')
    .select(['r.id', 'r.service_id', 'r.touchpoint_id', 'r.day', 'r.received_at', 'a.item', 'a.value_num'])
    .where('r.survey_id', '=', def.id)
    .where('r.day', '>=', scope.from)
    .where('r.day', '<=', scope.to)
    .$if(!opts.all, (qb) => qb.where('r.status', '=', 'ok'))
    .$if(!!opts.verifiedOnly, (qb) => qb.where('r.verified', '=', 1))
    .where('u.path', 'like', `${scope.unitPath}%`)
    .where('a.value_num', 'is not', null)
    .orderBy('r.id')
    .stream(2000)

  let current: number | null = null
  let key = ''
  const keyOf = by ? KEY_OF[by] : null
  let answers: Answers = {}
  const flush = () => {
    if (current === null) return
    addResponse(total, def, answers)
    if (by) {
      let t = groups.get(key)
      if (!t) groups.set(key, (t = emptyTally(def)))
      addResponse(t, def, answers)
    }
  }
  for await (const row of rows) {
    if (row.id !== current) {
      flush()
      current = row.id
      answers = {}
      key = keyOf ? keyOf(row) : ''
    }
    answers[row.item] = row.value_num!
  }
  flush()
  return { total, groups }
}

/** Responses per instrument in a subtree and period, from the raw rows (see scope-tallies.ts for the fast path). */
export async function countByInstrument(db: Kysely<Database>, scope: Scope): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.survey_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.day', '>=', scope.from)
    .where('r.day', '<=', scope.to)
    .where('r.status', '=', 'ok')
    .where('u.path', 'like', `${scope.unitPath}%`)
    .groupBy('r.survey_id')
    .execute()
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]))
}

/** The instruments offered at the touchpoints of a subtree. */
export async function offeredInstruments(db: Kysely<Database>, unitPath: string): Promise<string[]> {
  const offered = await db
    .selectFrom('touchpoints as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .select('t.survey_id')
    .distinct()
    .where('u.path', 'like', `${unitPath}%`)
    .execute()
  return offered.map((r) => r.survey_id)
}
