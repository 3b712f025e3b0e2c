/**
 * The filters of an export, read from a query string: the same unit, period
 * and survey rules as every results view (results-query.ts), plus what the
 * file holds. An export log entry keeps these parameters, and repeating the
 * export reads them again through here, access checks included.
 */
import type { Context } from 'hono'
import type { Unit } from '../db/schema.ts'
import { parsePeriod, rangePeriod, type Period } from '../domain/periods.ts'
import { SECTORS, type Sector } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { GROUP_BREAKDOWNS, type GroupBreakdown } from '../export/results-data.ts'
import { RESULT_TABLES, type ResultTable } from '../export/results-export.ts'
import { VERDICT_FILTERS, type VerdictFilter } from '../results/unit-table.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { readableRoots, readableUnit } from './auth.ts'

export const EXPORT_KINDS = ['results', 'responses', 'codebook'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]

export interface ExportQuery {
  kind: ExportKind
  format: 'csv' | 'xlsx'
  unit: Unit
  period: Period
  surveyId: string | null
  sector: Sector | null
  type: string | null
  verdict: VerdictFilter | null
  table: ResultTable
  breakdowns: GroupBreakdown[]
  layout: 'standard' | 'moh'
  comments: boolean
  includeFlagged: boolean
  /** Only responses made through a one-time ticket (verified=only). */
  verifiedOnly: boolean
  /** The parameters as given, for the export log. */
  params: Record<string, string>
}

const KEYS = ['unit', 'period', 'from', 'to', 'survey', 'sector', 'type', 'verdict', 'table', 'by', 'format', 'layout', 'comments', 'include', 'verified', 'lang'] as const

function oneOf<T extends string>(raw: string | undefined, name: string, allowed: readonly T[]): T | null {
  if (!raw) return null
  if (!(allowed as readonly string[]).includes(raw)) throw new AppError(400, 'invalid_query', { detail: `${name} ∈ ${allowed.join('|')}` })
  return raw as T
}

export async function parseExportQuery(c: Context<AppEnv>, deps: AppDeps, kind: ExportKind, get: (name: string) => string | undefined): Promise<ExportQuery> {
  const invalid = (detail: string) => new AppError(400, 'invalid_query', { detail })
  const rawUnit = get('unit')
  let unit: Unit | undefined
  if (rawUnit !== undefined) {
    if (!/^\d{1,12}$/.test(rawUnit)) throw invalid('unit')
    unit = await readableUnit(c, deps, Number(rawUnit))
  } else {
    unit = (await readableRoots(c, deps))[0]
    if (!unit) throw new AppError(403, 'no_role')
  }
  const rawPeriod = get('period')
  const period = rawPeriod ? parsePeriod(rawPeriod) : rangePeriod(get('from') ?? '', get('to') ?? '')
  if (!period) throw invalid('period = YYYY-MM | YYYY-Qn | YYYY | YYYY-MM-DD..YYYY-MM-DD (or from, to)')
  if ((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 > 3700) throw invalid('to − from ≤ 10 years')
  const surveyId = get('survey') || null
  if (surveyId !== null && !deps.surveys.has(surveyId)) throw new AppError(404, 'survey_not_found')
  const type = get('type') || null
  if (type !== null && type.length > 100) throw invalid('type')
  const by = (get('by') || GROUP_BREAKDOWNS.join(',')).split(',').filter(Boolean)
  for (const b of by) oneOf(b, 'by', GROUP_BREAKDOWNS)
  const params: Record<string, string> = {}
  for (const k of KEYS) {
    const v = get(k)
    if (v !== undefined && v !== '') params[k] = v
  }
  params.unit = String(unit.id)
  return {
    kind,
    format: oneOf(get('format'), 'format', ['csv', 'xlsx'] as const) ?? 'csv',
    unit,
    period,
    surveyId,
    sector: oneOf<Sector>(get('sector'), 'sector', SECTORS),
    type,
    verdict: oneOf<VerdictFilter>(get('verdict'), 'verdict', VERDICT_FILTERS),
    table: oneOf<ResultTable>(get('table'), 'table', RESULT_TABLES) ?? 'unit',
    breakdowns: GROUP_BREAKDOWNS.filter((b) => by.includes(b)),
    layout: oneOf(get('layout'), 'layout', ['standard', 'moh'] as const) ?? 'standard',
    comments: (oneOf(get('comments'), 'comments', ['0', '1'] as const) ?? '0') === '1',
    includeFlagged: (oneOf(get('include'), 'include', ['included', 'all'] as const) ?? 'included') === 'all',
    verifiedOnly: oneOf(get('verified'), 'verified', ['only'] as const) === 'only',
    params,
  }
}
