/**
 * The dashboard's addresses: every view is its query string (unit, period,
 * breakdown, survey, language), so any view can be bookmarked and shared.
 */
import type { Breakdown } from '../../../server/results/compute-results.ts'
import type { Period } from '../../../server/domain/periods.ts'

export interface DashboardQuery {
  unit: number
  period: Period
  by: Breakdown
  survey: string | null
  /** Only responses made through a one-time ticket (verified=only). */
  verified: boolean
}

export function dashboardHref(query: DashboardQuery, lang: string, over: Partial<DashboardQuery> = {}, anchor = ''): string {
  const q = { ...query, ...over }
  const params = new URLSearchParams({ unit: String(q.unit), period: q.period.key, by: q.by, lang })
  if (q.survey) params.set('survey', q.survey)
  if (q.verified) params.set('verified', 'only')
  return `/dashboard?${params}${anchor}`
}

/** The comments of the same unit and period (a page of its own). */
export function commentsHref(query: DashboardQuery, lang: string): string {
  const params = new URLSearchParams({ unit: String(query.unit), period: query.period.key, lang })
  if (query.survey) params.set('survey', query.survey)
  return `/comments?${params}`
}
