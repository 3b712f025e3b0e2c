/**
 * The province view: one row per unit and instrument in a subtree, each the
 * unit's whole subtree pooled, with its target and verdict, and the
 * distribution of units against the 80%, 90% and 95% lines. Figures come from
 * the same tallies, scoring and verdict code as computeResults, so a row
 * equals GET /api/v1/results for that unit, period and instrument, suppression
 * of small numbers included (figure-json.ts).
 */
import type { Kysely } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import { headlineFigure, type Figure } from '../domain/scoring.ts'
import { local, type Sector, type SurveyDefinition } from '../domain/survey-types.ts'
import { applicableTarget, type Target } from '../domain/targets.ts'
import { figureJson, type FigureJson } from './figure-json.ts'
import { loadUnitTallies } from '../store/load-unit-tallies.ts'
import { coverage, type CoverageJson } from '../domain/sample-size.ts'
import { transactionsByUnit } from '../store/transactions.ts'
import { verifiedByUnit } from '../store/verified.ts'
import { surveysInScope } from '../store/scope-tallies.ts'
import { ancestryOf, listSubtree } from '../store/units.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'

export const SORT_KEYS = ['unit', 'name', 'type', 'sector', 'survey', 'n', 'verified_n', 'index', 'target', 'verdict'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export const VERDICT_FILTERS = ['met', 'not_met', 'undecided', 'too_few', 'none'] as const
export type VerdictFilter = (typeof VERDICT_FILTERS)[number]
export const BANDS = ['ge95', 'from90', 'from80', 'below80', 'too_few'] as const
export type Band = (typeof BANDS)[number]

export interface UnitRow extends FigureJson {
  unit_id: number
  code: string | null
  name: string
  parent_id: number | null
  /** Below the table's root unit (0 for the root). */
  depth: number
  type: string
  /** The unit's sector, or the instrument's when the unit has none (a province, a commune's People's Committee). */
  sector: Sector
  survey: { id: string; title: string }
  /** The unit serves citizens itself (its own touchpoints or responses), not only through units below it. */
  direct: boolean
  /** Responses made through a one-time ticket in the unit's subtree (counted ones), beside n; with verified only, equal to n. */
  verified_n: number
  /** Internal tree order key; not a figure. */
  path: string
  /** With dossier counts sent for the period: the response rate and the Ministry's sample size for the unit's subtree. */
  transactions?: CoverageJson
  /** n is below that sample size: flagged in the table. */
  below_required?: boolean
}

export interface UnitTableQuery {
  unit: Unit
  from: string
  to: string
  surveyId: string | null
  sector: Sector | null
  type: string | null
  verdict: VerdictFilter | null
  sort: SortKey
  dir: 'asc' | 'desc'
  lang: string
  /** Administrators see suppressed figures (flagged); everyone else sees "too few responses". */
  revealSuppressed: boolean
  /** Figures count only responses made through a one-time ticket (read from the raw answers). */
  verifiedOnly?: boolean
}

export interface UnitTableDeps {
  db: Kysely<Database>
  surveys: SurveyCatalogue
  targets: Target[]
  minN: number
  suppressBelow: number
}

export interface UnitTable {
  rows: UnitRow[]
  /** Units serving directly, among the rows shown, by band of their index. */
  distribution: Record<Band, number>
}

export async function unitTable(deps: UnitTableDeps, q: UnitTableQuery): Promise<UnitTable> {
  const units = await listSubtree(deps.db, q.unit)
  const byId = new Map(units.map((u) => [u.id, u]))
  const scope = { unitPath: q.unit.path, from: q.from, to: q.to }
  const offered = await offeredBySurvey(deps.db, q.unit.path)
  const surveyIds = q.surveyId ? [q.surveyId] : [...new Set([...offered.keys(), ...(await surveysInScope(deps.db, scope))])]
  const defs = surveyIds.map((id) => deps.surveys.get(id)).filter((d): d is SurveyDefinition => !!d).sort((a, b) => a.id.localeCompare(b.id))
  const rootDepth = q.unit.path.split('/').length
  const verified = await verifiedByUnit(deps.db, defs.map((d) => d.id), scope)

  const rows: UnitRow[] = []
  for (const def of defs) {
    const { pooled, answered } = await loadUnitTallies(deps.db, def, scope, units, undefined, { verifiedOnly: q.verifiedOnly })
    const verifiedN = poolUp(verified.get(def.id), byId)
    const own = offered.get(def.id) ?? new Set<number>()
    // A unit has a row when its subtree offers the instrument or answered it.
    const withRow = new Set<number>(pooled.keys())
    for (const id of own) for (const a of ancestryOf(byId.get(id) ?? { path: '' })) if (byId.has(a)) withRow.add(a)
    for (const id of withRow) {
      const u = byId.get(id)
      if (!u) continue
      const fig: Figure = pooled.has(id) ? headlineFigure(pooled.get(id)!, def) : { n: 0, index: null, ci: null, nEff: 0 }
      const target = applicableTarget(deps.targets, def.sector, ancestryOf(u), q.to)
      rows.push({
        unit_id: u.id,
        code: u.code,
        name: u.name,
        parent_id: u.parent_id,
        depth: u.path.split('/').length - rootDepth,
        type: u.type,
        sector: u.sector ?? def.sector,
        survey: { id: def.id, title: local(def.title, q.lang) },
        ...figureJson(fig, target, { minN: deps.minN, suppressBelow: deps.suppressBelow, reveal: q.revealSuppressed }),
        direct: own.has(id) || answered.has(id),
        verified_n: verifiedN.get(id) ?? 0,
        path: u.path,
      })
    }
  }
  await addCoverage(deps.db, scope, byId, rows)
  const shown = sortRows(filterRows(rows, q), q.sort, q.dir)
  return { rows: shown, distribution: distributionOf(shown) }
}

export function filterRows(rows: UnitRow[], f: Pick<UnitTableQuery, 'sector' | 'type' | 'verdict'>): UnitRow[] {
  return rows.filter((r) => (!f.sector || r.sector === f.sector) && (!f.type || r.type === f.type) && (!f.verdict || (r.verdict ?? 'none') === f.verdict))
}

/** Worst first: what needs attention comes to the top of an ascending sort. */
const VERDICT_ORDER: Record<string, number> = { not_met: 0, undecided: 1, met: 2, too_few: 3, none: 4 }

export function sortRows(rows: UnitRow[], key: SortKey, dir: 'asc' | 'desc'): UnitRow[] {
  const treeOrder = (a: UnitRow, b: UnitRow) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.survey.id.localeCompare(b.survey.id))
  const value = (r: UnitRow): string | number | null => {
    switch (key) {
      case 'unit': return null
      case 'name': return r.name
      case 'type': return r.type
      case 'sector': return r.sector
      case 'survey': return r.survey.title
      case 'n': return r.n
      case 'verified_n': return r.verified_n
      case 'index': return r.index
      case 'target': return r.target
      case 'verdict': return VERDICT_ORDER[r.verdict ?? 'none']!
    }
  }
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    if (key === 'unit') return sign * treeOrder(a, b)
    const va = value(a)
    const vb = value(b)
    // Missing figures stay at the bottom whichever way the column is sorted.
    if (va === null || vb === null) return va === vb ? treeOrder(a, b) : va === null ? 1 : -1
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'vi')
    return c !== 0 ? sign * c : treeOrder(a, b)
  })
}

export function bandOf(r: Pick<UnitRow, 'index' | 'suppressed'>): Band {
  if (r.suppressed || r.index === null) return 'too_few'
  return r.index >= 0.95 ? 'ge95' : r.index >= 0.9 ? 'from90' : r.index >= 0.8 ? 'from80' : 'below80'
}

/** Counts units that serve directly, so a district's pooled row does not count its communes twice. */
export function distributionOf(rows: UnitRow[]): Record<Band, number> {
  const out = Object.fromEntries(BANDS.map((b) => [b, 0])) as Record<Band, number>
  for (const r of rows) if (r.direct) out[bandOf(r)] += 1
  return out
}

/** Each row's dossiers returned (its unit's subtree pooled), when counts were sent, and whether n reaches the sample they call for. */
async function addCoverage(db: Kysely<Database>, scope: { unitPath: string; from: string; to: string }, byId: Map<number, Unit>, rows: UnitRow[]): Promise<void> {
  const dossiers = await transactionsByUnit(db, scope)
  if (!dossiers.size) return
  const pooled = poolUp(dossiers, byId)
  for (const r of rows) {
    const N = pooled.get(r.unit_id)
    if (!N) continue
    r.transactions = coverage(r.n, N)
    r.below_required = !r.transactions.reaches_required
  }
}

/** Each unit's count added to every ancestor of it inside the subtree: each unit's whole subtree pooled. */
function poolUp(own: Map<number, number> | undefined, byId: Map<number, Unit>): Map<number, number> {
  const pooled = new Map<number, number>()
  for (const [id, n] of own ?? []) for (const a of ancestryOf(byId.get(id) ?? { path: '' })) pooled.set(a, (pooled.get(a) ?? 0) + n)
  return pooled
}

/** Instruments offered in the subtree, with the units offering each. */
async function offeredBySurvey(db: Kysely<Database>, path: string): Promise<Map<string, Set<number>>> {
  const rows = await db
    .selectFrom('touchpoints as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .select(['t.survey_id', 't.unit_id'])
    .distinct()
    .where('u.path', 'like', `${path}%`)
    .execute()
  const out = new Map<string, Set<number>>()
  for (const r of rows) {
    let s = out.get(r.survey_id)
    if (!s) out.set(r.survey_id, (s = new Set()))
    s.add(r.unit_id)
  }
  return out
}

