/**
 * The tallies of a subtree and period, read the cheapest exact way: whole
 * months from the rollups (the subtree rows for the headline and months,
 * the touchpoint rows for services and touchpoints), leftover days at the
 * ends and finer breakdowns (weeks, hours) from the raw answers. Every path
 * sums the same additive tallies, so the figures are identical whichever is
 * taken.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { localDay } from '../domain/local-day.ts'
import { splitIntoMonths } from '../domain/periods.ts'
import { mergeTally } from '../domain/tally.ts'
import type { SurveyDefinition } from '../domain/survey-types.ts'
import { countByInstrument, loadTallies, offeredInstruments, type GroupDimension, type Scope, type Tallies } from './load-tallies.ts'
import { countByInstrument as countRolledUp, loadRollupTallies, loadSubtreeTallies } from './read-rollups.ts'

export async function loadScopeTallies(db: Kysely<Database>, def: SurveyDefinition, scope: Scope, by: GroupDimension | null, today = localDay(new Date())): Promise<Tallies> {
  if (by === 'week' || by === 'hour') return loadTallies(db, def, scope, by)
  const { months, edges } = splitIntoMonths(scope.from, scope.to, today)
  if (!months) return loadTallies(db, def, scope, by)
  const unitId = unitIdOf(scope.unitPath)
  const rolled =
    by === null || by === 'month'
      ? await loadSubtreeTallies(db, def, unitId, months[0], months[1])
      : await loadRollupTallies(db, def, { unitPath: scope.unitPath, fromMonth: months[0], toMonth: months[1] }, by)
  // Rows laid out for another version of the survey: the raw answers are always right.
  if (!rolled) return loadTallies(db, def, scope, by)
  const out: Tallies = { total: rolled.total, groups: new Map() }
  if (by) for (const [key, t] of rolled.groups) if (t.n > 0) out.groups.set(key, t)
  for (const [from, to] of edges) {
    const part = await loadTallies(db, def, { unitPath: scope.unitPath, from, to }, by)
    mergeTally(out.total, part.total)
    for (const [key, t] of part.groups) {
      const g = out.groups.get(key)
      if (g) mergeTally(g, t)
      else out.groups.set(key, t)
    }
  }
  return out
}

/** The instruments answered in a subtree and period, most used first; those merely offered there when none was answered. */
export async function surveysInScope(db: Kysely<Database>, scope: Scope, today = localDay(new Date())): Promise<string[]> {
  const { months, edges } = splitIntoMonths(scope.from, scope.to, today)
  const counts = months ? await countRolledUp(db, unitIdOf(scope.unitPath), months[0], months[1]) : new Map<string, number>()
  for (const [from, to] of months ? edges : [[scope.from, scope.to] as const]) {
    for (const [id, n] of await countByInstrument(db, { unitPath: scope.unitPath, from, to })) counts.set(id, (counts.get(id) ?? 0) + n)
  }
  const answered = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
  return answered.length ? answered.map(([id]) => id) : offeredInstruments(db, scope.unitPath)
}

const unitIdOf = (path: string) => Number(path.split('/').filter(Boolean).pop())
