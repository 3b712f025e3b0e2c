/**
 * What a results export holds, computed once from the same code as the API
 * (unitTable for the rows of GET /api/v1/results/units, computeResults for
 * each row's secondary figures and breakdowns), always with the numbers of
 * suppressed figures kept: a snapshot stores this, and blankFor() removes
 * them for callers who may not see them, exactly as figure-json.ts does.
 */
import type { Kysely } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import type { Period } from '../domain/periods.ts'
import type { Sector } from '../domain/survey-types.ts'
import type { Target } from '../domain/targets.ts'
import { computeResults, type Breakdown } from '../results/compute-results.ts'
import type { FigureJson } from '../results/figure-json.ts'
import { unitTable, type UnitRow, type VerdictFilter } from '../results/unit-table.ts'
import { listSubtree } from '../store/units.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'

export const GROUP_BREAKDOWNS = ['service', 'section', 'item'] as const
export type GroupBreakdown = (typeof GROUP_BREAKDOWNS)[number]

export interface MetricCell {
  value: number | null
  n: number
}

export interface UnitExportRow extends Omit<UnitRow, 'path'> {
  parent_name: string | null
  metrics: Record<string, MetricCell>
}

export interface GroupExportRow extends FigureJson {
  unit_id: number
  code: string | null
  name: string
  survey_id: string
  key: string
  label: string
  mean: number | null
}

export interface ResultsExportData {
  unit: { id: number; name: string; code: string | null }
  period: { key: string; from: string; to: string }
  filters: ResultsFilters
  metricColumns: { key: string; label: string }[]
  units: UnitExportRow[]
  groups: Record<GroupBreakdown, GroupExportRow[]>
}

export interface ResultsFilters {
  survey: string | null
  sector: Sector | null
  type: string | null
  verdict: VerdictFilter | null
  breakdowns: GroupBreakdown[]
  /** Only responses made through a one-time ticket, in every figure. */
  verifiedOnly?: boolean
}

export interface ResultsDataDeps {
  db: Kysely<Database>
  surveys: SurveyCatalogue
  targets: Target[]
  minN: number
  suppressBelow: number
}

export async function resultsExportData(deps: ResultsDataDeps, unit: Unit, period: Period, filters: ResultsFilters, lang: string): Promise<ResultsExportData> {
  const table = await unitTable(deps, {
    unit,
    from: period.from,
    to: period.to,
    surveyId: filters.survey,
    sector: filters.sector,
    type: filters.type,
    verdict: filters.verdict,
    sort: 'unit',
    dir: 'asc',
    lang,
    revealSuppressed: true,
    verifiedOnly: filters.verifiedOnly,
  })
  const units = new Map((await listSubtree(deps.db, unit)).map((u) => [u.id, u]))
  const metricColumns = new Map<string, string>()
  const rows: UnitExportRow[] = []
  const groups: Record<GroupBreakdown, GroupExportRow[]> = { service: [], section: [], item: [] }
  for (const { path: _path, ...row } of table.rows) {
    const u = units.get(row.unit_id)!
    const query = { unit: u, from: period.from, to: period.to, surveyId: row.survey.id, lang, reveal: true, period, verifiedOnly: filters.verifiedOnly }
    const head = await computeResults(deps, { ...query, by: null })
    const metrics: Record<string, MetricCell> = {}
    for (const m of head.metrics) {
      metricColumns.set(m.key, m.label)
      metrics[m.key] = { value: m.value, n: m.n }
    }
    rows.push({ ...row, parent_name: row.parent_id === null ? null : (units.get(row.parent_id)?.name ?? null), metrics })
    for (const by of filters.breakdowns) {
      const res = await computeResults(deps, { ...query, by: by as Breakdown })
      for (const g of res.groups) {
        const { dist: _d, mean, key, label, ...fig } = g
        groups[by].push({ unit_id: u.id, code: u.code, name: u.name, survey_id: row.survey.id, key, label, mean: mean ?? null, ...fig })
      }
    }
  }
  return {
    unit: { id: unit.id, name: unit.name, code: unit.code },
    period: { key: period.key, from: period.from, to: period.to },
    filters,
    metricColumns: [...metricColumns.entries()].map(([key, label]) => ({ key, label })),
    units: rows,
    groups,
  }
}

/** The figure as a caller who may not see suppressed numbers gets it (figure-json.ts). */
export function blankFigure<T extends FigureJson>(f: T, reveal: boolean): T {
  if (!f.suppressed || reveal) return f
  return { ...f, index: null, ci: null, verdict: 'too_few', more_needed: null, ...('mean' in f ? { mean: null } : {}) }
}

export function blankFor(data: ResultsExportData, reveal: boolean, suppressBelow: number): ResultsExportData {
  if (reveal) return data
  return {
    ...data,
    units: data.units.map((r) => ({
      ...blankFigure(r, false),
      metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, m.n < suppressBelow ? { ...m, value: null } : m])),
    })),
    groups: Object.fromEntries(Object.entries(data.groups).map(([k, rows]) => [k, rows.map((g) => blankFigure(g, false))])) as ResultsExportData['groups'],
  }
}
