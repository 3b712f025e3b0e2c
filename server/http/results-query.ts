/**
 * The query every results view shares (API, dashboard, province table,
 * comments, exports): which unit, which period, which instrument. The unit is
 * checked against the user's access here, so no view can forget it.
 */
import type { Context } from 'hono'
import type { Unit } from '../db/schema.ts'
import { localDay } from '../domain/local-day.ts'
import { parsePeriod, rangePeriod, type Period } from '../domain/periods.ts'
import { AppError } from '../errors.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { readableUnit } from './auth.ts'

export interface ScopeQuery {
  unit: Unit
  period: Period
  from: string
  to: string
  surveyId: string | null
}

const MAX_DAYS = 3700

/**
 * `unit` (default: the first unit the user reads), then either `period`
 * ("2026-05", "2026-Q2", "2026", "2026-03-01..2026-04-15") or `from`/`to`
 * (default: this year up to today), and `survey`.
 */
export async function parseScopeQuery(c: Context<AppEnv>, deps: AppDeps, defaults: { unit?: Unit } = {}): Promise<ScopeQuery> {
  const q = (name: string) => c.req.query(name)
  const invalid = (detail: string) => new AppError(400, 'invalid_query', { detail })
  const rawUnit = q('unit')
  let unit = defaults.unit
  if (rawUnit !== undefined) {
    if (!/^\d{1,12}$/.test(rawUnit)) throw invalid('unit')
    unit = await readableUnit(c, deps, Number(rawUnit))
  }
  if (!unit) throw invalid('unit')

  let period: Period | null
  const rawPeriod = q('period')
  if (rawPeriod) {
    period = parsePeriod(rawPeriod)
    if (!period) throw invalid('period = YYYY-MM | YYYY-Qn | YYYY | YYYY-MM-DD..YYYY-MM-DD')
  } else {
    const to = q('to') ?? localDay(new Date())
    const from = q('from') ?? `${to.slice(0, 4)}-01-01`
    period = rangePeriod(from, to)
    if (!period) throw invalid(from > to ? 'from > to' : 'from, to = YYYY-MM-DD')
  }
  if ((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 > MAX_DAYS) throw invalid('to − from ≤ 10 years')

  const surveyId = q('survey') || null
  if (surveyId !== null && !deps.surveys.has(surveyId)) throw new AppError(404, 'survey_not_found')
  return { unit, period, from: period.from, to: period.to, surveyId }
}
