/**
 * The unit head's dashboard: a unit, a period, the headline against its
 * target with the change from the previous period, and one breakdown at a
 * time (trend, service, section, item with its answers, survey point, hour by
 * weekday). Every figure comes from computeResults, the code behind
 * GET /api/v1/results; tables carry everything, charts only enhance.
 */
import type { ResultsJson, Breakdown } from '../../server/results/compute-results.ts'
import type { MessageKey, Translate } from '../i18n/messages.ts'
import { StaffLayout, type StaffUser } from './staff-layout.tsx'
import { Distribution } from './dashboard/distribution.tsx'
import { Filters } from './dashboard/filters.tsx'
import { GroupTable } from './dashboard/group-table.tsx'
import { Headline } from './dashboard/headline.tsx'
import { VerifiedLine } from './dashboard/verified-line.tsx'
import { Heatmap } from './dashboard/heatmap.tsx'
import { commentsHref, dashboardHref, type DashboardQuery } from './dashboard/links.ts'
import { Metrics } from './dashboard/metrics.tsx'
import { TouchpointList, type TouchpointRow } from './dashboard/touchpoint-list.tsx'
import { Trend } from './dashboard/trend.tsx'
import { ExportLinks } from './periods/export-links.tsx'
import { ReportLink } from './dashboard/report-link.tsx'
import { FrozenBadge } from './periods/frozen-badge.tsx'

export interface DashboardProps {
  t: Translate
  lang: string
  user: StaffUser
  /** The units this user reads, depth first. */
  units: { id: number; name: string; depth: number }[]
  query: DashboardQuery
  /** Local today: no "next" link into the future. */
  today: string
  /** Null when the subtree used several instruments and none was chosen. */
  results: ResultsJson | null
  /** Instruments answered in the subtree and period. */
  surveys: { id: string; title: string }[]
  touchpoints: TouchpointRow[]
}

const BREAKDOWNS: Breakdown[] = ['month', 'week', 'service', 'touchpoint', 'section', 'item', 'hour']
const CHARTED: ReadonlySet<Breakdown> = new Set(['month', 'week', 'item'])

export function DashboardPage(p: DashboardProps) {
  const { t, query, results } = p
  return (
    <StaffLayout t={t} lang={p.lang} title={t('dash.title')} user={p.user} current="dashboard">
      <h1>{t('dash.title')}</h1>
      <Filters t={t} lang={p.lang} query={query} units={p.units} surveys={p.surveys} today={p.today} />

      {results ? null : (
        <section>
          <p>{t('dash.pick_survey')}</p>
          <ul>
            {p.surveys.map((s) => (
              <li>
                <a href={dashboardHref(query, p.lang, { survey: s.id })}>{s.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {results ? (
        <>
          {results.frozen ? <FrozenBadge t={t} frozen={results.frozen} /> : null}
          <Headline t={t} results={results} period={query.period} commentsHref={commentsHref(query, p.lang)} />
          <VerifiedLine t={t} results={results} only={query.verified} toggleHref={dashboardHref(query, p.lang, { verified: !query.verified })} />
          <ExportLinks t={t} lang={p.lang} unit={query.unit} period={query.period.key} survey={results.survey?.id ?? query.survey} extra={query.verified ? { verified: 'only' } : undefined} />
          <ReportLink t={t} lang={p.lang} unit={query.unit} period={query.period.key} survey={results.survey?.id ?? query.survey} />
          <Metrics t={t} metrics={results.metrics} />
          <section aria-labelledby="breakdown">
            <h2 id="breakdown">{t('dash.breakdown')}</h2>
            <nav class="tabs" aria-label={t('dash.breakdown')}>
              {BREAKDOWNS.map((b) => (
                <a href={dashboardHref(query, p.lang, { by: b })} aria-current={b === query.by ? 'page' : undefined}>
                  {t(`dash.by.${b}` as MessageKey)}
                </a>
              ))}
            </nav>
            {results.groups.length ? <BreakdownView t={t} by={query.by} results={results} /> : <p>{t('dash.no_data')}</p>}
          </section>
          {CHARTED.has(query.by) && results.groups.length ? <script src="/static/dashboard-charts.js" defer /> : null}
        </>
      ) : null}

      <TouchpointList t={t} touchpoints={p.touchpoints} />
    </StaffLayout>
  )
}

function BreakdownView(props: { t: Translate; by: Breakdown; results: ResultsJson }) {
  const { t, by, results } = props
  switch (by) {
    case 'month':
    case 'week':
      return <Trend t={t} by={by} groups={results.groups} />
    case 'hour':
      return <Heatmap t={t} groups={results.groups} />
    case 'section':
      return (
        <>
          <p class="hint">{t('dash.sorted_hint')}</p>
          <GroupTable t={t} by={by} groups={results.groups} />
        </>
      )
    case 'item':
      return (
        <>
          <p class="hint">{t('dash.sorted_hint')}</p>
          <GroupTable t={t} by={by} groups={results.groups} />
          <Distribution t={t} items={results.groups} />
        </>
      )
    default:
      return <GroupTable t={t} by={by} groups={results.groups} />
  }
}
