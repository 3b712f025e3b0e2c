/**
 * Reads one instrument's responses in a subtree and period into one tally per
 * unit, each holding the unit's whole subtree pooled: each responding unit's
 * own tally (whole months from the rollups, ragged ends from one streaming
 * pass over raw answers), then every unit's tally merged into its ancestors
 * inside the subtree. Thousands of units cost a few queries, not one each.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import { addResponse, emptyTally, mergeTally, type Tally } from '../domain/tally.ts'
import type { Answers, SurveyDefinition } from '../domain/survey-types.ts'
import { localDay } from '../domain/local-day.ts'
import { splitIntoMonths } from '../domain/periods.ts'
import type { Scope } from './load-tallies.ts'
import { loadRollupTallies } from './read-rollups.ts'

export interface UnitTallies {
  /** Each unit's subtree pooled; units without responses in their subtree are absent. */
  pooled: Map<number, Tally>
  /** Units that received responses themselves (not only through a child). */
  answered: Set<number>
}

/**
 * @param units the subtree's units (listSubtree), the scope's root among them.
 * @param opts.verifiedOnly only responses made through a one-time ticket, all read raw: the rollups do not split by it.
 */
export async function loadUnitTallies(db: Kysely<Database>, def: SurveyDefinition, scope: Scope, units: readonly Pick<Unit, 'id' | 'parent_id' | 'path'>[], today = localDay(new Date()), opts: { verifiedOnly?: boolean } = {}): Promise<UnitTallies> {
  const verifiedOnly = !!opts.verifiedOnly
  // Whole months from the touchpoint rollups (grouped by the touchpoint's unit), ragged ends from raw answers.
  const { months, edges } = splitIntoMonths(scope.from, scope.to, today)
  const rolled = months && !verifiedOnly ? await loadRollupTallies(db, def, { unitPath: scope.unitPath, fromMonth: months[0], toMonth: months[1] }, 'unit') : null
  const own = new Map<number, Tally>()
  const ranges: [string, string][] = rolled ? edges : [[scope.from, scope.to]]
  for (const [key, t] of rolled?.groups ?? []) if (t.n > 0) own.set(Number(key), t)
  for (const [from, to] of ranges) await addOwnTallies(db, def, { unitPath: scope.unitPath, from, to }, own, verifiedOnly)
  const answered = new Set(own.keys())
  const pooled = rollUp(own, units)
  return { pooled, answered }
}

/** Streams raw answers into one tally per responding unit. */
async function addOwnTallies(db: Kysely<Database>, def: SurveyDefinition, scope: Scope, own: Map<number, Tally>, verifiedOnly: boolean): Promise<void> {
  const rows = db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('answers as a', 'a.response_id', 'r.id')
    .select(['r.id', 'r.unit_id', 'a.item', 'a.value_num'])
    .where('r.survey_id', '=', def.id)
    .where('r.day', '>=', scope.from)
    .where('r.day', '<=', scope.to)
    .where('r.status', '=', 'ok')
    // A literal, so the partial index responses_verified can serve it.
    .$if(verifiedOnly, (qb) => qb.where(sql<boolean>`r.verified = 1`))
    .where('u.path', 'like', `${scope.unitPath}%`)
    .where('a.value_num', 'is not', null)
    .orderBy('r.id')
    .stream(2000)

  let current: number | null = null
  let unitId = 0
  let answers: Answers = {}
  const flush = () => {
    if (current === null) return
    let t = own.get(unitId)
    if (!t) own.set(unitId, (t = emptyTally(def)))
    addResponse(t, def, answers)
  }
  for await (const row of rows) {
    if (row.id !== current) {
      flush()
      current = row.id
      unitId = row.unit_id
      answers = {}
    }
    answers[row.item] = row.value_num!
  }
  flush()
}

/**
 * Adds every unit's tally into its parent's, deepest units first, so each
 * parent has all its children complete before it is added further up. The
 * walk stops at the subtree's root: units outside it are not in `units`.
 */
export function rollUp(own: Map<number, Tally>, units: readonly Pick<Unit, 'id' | 'parent_id' | 'path'>[]): Map<number, Tally> {
  const inTree = new Set(units.map((u) => u.id))
  const depth = (u: Pick<Unit, 'path'>) => u.path.split('/').length
  const pooled = new Map(own)
  for (const u of [...units].sort((a, b) => depth(b) - depth(a))) {
    const t = pooled.get(u.id)
    if (!t || u.parent_id === null || !inTree.has(u.parent_id)) continue
    const parent = pooled.get(u.parent_id)
    // A copy: the parent's tally grows with its other children, the child's must not.
    if (parent) mergeTally(parent, t)
    else pooled.set(u.parent_id, structuredClone(t))
  }
  return pooled
}
