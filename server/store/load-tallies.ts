/**
 * Reads the responses of one instrument in a subtree and period into tallies,
 * one for the whole and one per group.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { addResponse, emptyTally, type Tally } from '../domain/tally.ts'
import type { Answers, SurveyDefinition } from '../domain/survey-types.ts'

export type GroupDimension = 'service' | 'touchpoint' | 'month'

export interface Scope {
  unitPath: string
  from: string
  to: string
}

export interface Tallies {
  total: Tally
  groups: Map<string, Tally>
}

export async function loadTallies(db: Kysely<Database>, def: SurveyDefinition, scope: Scope, by: GroupDimension | null): Promise<Tallies> {
  const total = emptyTally(def)
  const groups = new Map<string, Tally>()
  const rows = db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('answers as a', 'a.response_id', 'r.id')
    .select(['r.id', 'r.service_id', 'r.touchpoint_id', 'r.day', 'a.item', 'a.value_num'])
    .where('r.survey_id', '=', def.id)
    .where('r.day', '>=', scope.from)
    .where('r.day', '<=', scope.to)
    .where('r.status', '=', 'ok')
    .where('u.path', 'like', `${scope.unitPath}%`)
    .where('a.value_num', 'is not', null)
    .orderBy('r.id')
    .stream(2000)

  let current: number | null = null
  let key = ''
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
      key = by === 'service' ? String(row.service_id ?? '') : by === 'touchpoint' ? String(row.touchpoint_id) : row.day.slice(0, 7)
    }
    answers[row.item] = row.value_num!
  }
  flush()
  return { total, groups }
}

/** The instruments answered in a subtree and period, most used first. */
export async function surveysInScope(db: Kysely<Database>, scope: Scope): Promise<string[]> {
  const answered = await db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.survey_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.day', '>=', scope.from)
    .where('r.day', '<=', scope.to)
    .where('u.path', 'like', `${scope.unitPath}%`)
    .groupBy('r.survey_id')
    .orderBy('n', 'desc')
    .execute()
  if (answered.length) return answered.map((r) => r.survey_id)
  const offered = await db
    .selectFrom('touchpoints as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .select('t.survey_id')
    .distinct()
    .where('u.path', 'like', `${scope.unitPath}%`)
    .execute()
  return offered.map((r) => r.survey_id)
}
