/**
 * The trend by month or week: the index as a line, its interval as a band
 * and the target as a line (drawn by the chart island), over a table that
 * carries the same figures without JavaScript.
 */
import type { GroupJson } from '../../../server/results/compute-results.ts'
import type { Translate } from '../../i18n/messages.ts'
import { ChartData, GroupTable } from './group-table.tsx'

/** What web/islands/dashboard-charts.ts reads; percentages, null where a figure is suppressed or missing. */
export interface TrendData {
  labels: string[]
  index: (number | null)[]
  low: (number | null)[]
  high: (number | null)[]
  target: (number | null)[]
  names: { index: string; low: string; high: string; target: string }
}

const pct100 = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1000) / 10)

export function Trend(props: { t: Translate; by: 'month' | 'week'; groups: GroupJson[] }) {
  const { t, groups } = props
  const shown = (g: GroupJson) => !g.suppressed
  const data: TrendData = {
    labels: groups.map((g) => g.label),
    index: groups.map((g) => (shown(g) ? pct100(g.index) : null)),
    low: groups.map((g) => (shown(g) ? pct100(g.ci?.[0]) : null)),
    high: groups.map((g) => (shown(g) ? pct100(g.ci?.[1]) : null)),
    target: groups.map((g) => pct100(g.target)),
    names: { index: t('dash.index'), low: t('dash.ci_low'), high: t('dash.ci'), target: t('dash.target') },
  }
  return (
    <figure class="chart-block">
      <div class="chart">
        <canvas id="dash-trend" data-chart="trend" data-source="dash-trend-data" role="img" aria-label={t('dash.trend_chart')} />
      </div>
      <ChartData id="dash-trend-data" data={data} />
      <figcaption class="chart-note">{t('dash.trend_caption')}</figcaption>
      <GroupTable t={t} by={props.by} groups={groups} />
    </figure>
  )
}
