/**
 * The distribution of answers per item as diverging stacked bars: the
 * unsatisfied answers to the left of zero, the satisfied to the right, each
 * as a share of the counted answers ("no opinion" stays out, as in the index).
 * The table below holds the counts and shares without JavaScript.
 */
import type { DistJson, GroupJson } from '../../../server/results/compute-results.ts'
import type { Translate } from '../../i18n/messages.ts'
import { ChartData } from './group-table.tsx'

interface Series {
  label: string
  kind: 'sat' | 'unsat'
  /** 0 for the answer nearest the line between satisfied and not, growing outwards: the chart shades by it. */
  rank: number
  values: number[]
}

/** What web/islands/dashboard-charts.ts reads for the diverging bars. */
export interface DistData {
  labels: string[]
  series: Series[]
  axis: string
}

interface Part {
  value: number
  label: string
  kind: 'sat' | 'unsat' | 'excluded'
  rank: number
}

/** The options of an item in chart order: each side ordered outwards from the satisfied/unsatisfied line. */
function parts(d: DistJson): Part[] {
  const sat = d.options.filter((o) => d.satisfied.includes(o.value))
  const unsat = d.options.filter((o) => !d.satisfied.includes(o.value) && !d.excluded.includes(o.value))
  const satHigh = Math.min(...sat.map((o) => o.value)) > Math.max(...unsat.map((o) => o.value))
  const outwards = (a: { value: number }, b: { value: number }, up: boolean) => (up ? a.value - b.value : b.value - a.value)
  return [
    ...[...unsat].sort((a, b) => outwards(a, b, !satHigh)).map((o, rank) => ({ ...o, kind: 'unsat' as const, rank })),
    ...[...sat].sort((a, b) => outwards(a, b, satHigh)).map((o, rank) => ({ ...o, kind: 'sat' as const, rank })),
    ...d.options.filter((o) => d.excluded.includes(o.value)).map((o) => ({ ...o, kind: 'excluded' as const, rank: 0 })),
  ]
}

const share = (count: number, of: number) => (of ? Math.round((count / of) * 1000) / 10 : 0)

function counted(d: DistJson): number {
  return Object.entries(d.counts ?? {}).reduce((s, [v, c]) => (d.excluded.includes(Number(v)) ? s : s + c), 0)
}

export function distData(t: Translate, items: GroupJson[]): DistData {
  const shown = items.filter((g) => g.dist?.counts && !g.suppressed && counted(g.dist) > 0)
  const series = new Map<string, Series>()
  shown.forEach((g, row) => {
    const d = g.dist!
    const of = counted(d)
    for (const p of parts(d)) {
      if (p.kind === 'excluded') continue
      const key = `${p.kind}|${p.rank}|${p.label}`
      let s = series.get(key)
      if (!s) series.set(key, (s = { label: p.label, kind: p.kind, rank: p.rank, values: shown.map(() => 0) }))
      const v = share(d.counts![String(p.value)] ?? 0, of)
      s.values[row] = p.kind === 'unsat' ? -v : v
    }
  })
  // Stacking follows dataset order, so each side is listed from the zero line outwards.
  const ordered = [...series.values()].sort((a, b) => (a.kind === b.kind ? a.rank - b.rank : a.kind === 'unsat' ? -1 : 1))
  return { labels: shown.map((g) => g.label), series: ordered, axis: t('dash.dist_axis') }
}

export function Distribution(props: { t: Translate; items: GroupJson[] }) {
  const { t, items } = props
  const withDist = items.filter((g) => g.dist)
  if (!withDist.length) return null
  const data = distData(t, withDist)
  return (
    <figure class="chart-block">
      <h3>{t('dash.dist_title')}</h3>
      {data.labels.length ? (
        <div class="chart">
          <canvas id="dash-dist" data-chart="dist" data-source="dash-dist-data" role="img" aria-label={t('dash.dist_chart')} />
        </div>
      ) : null}
      <ChartData id="dash-dist-data" data={data} />
      <table class="dist" data-table="dist">
        <thead>
          <tr>
            <th scope="col">{t('dash.item')}</th>
            <th scope="col">{t('dash.dist_answers')}</th>
          </tr>
        </thead>
        <tbody>
          {withDist.map((g) => (
            <tr data-key={g.key}>
              <th scope="row">{g.label}</th>
              <td>{g.suppressed || !g.dist!.counts ? <span class="too_few">{t('verdict.too_few')}</span> : <Answers t={t} dist={g.dist!} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}

function Answers(props: { t: Translate; dist: DistJson }) {
  const { t, dist } = props
  const of = counted(dist)
  return (
    <ul class="answers">
      {parts(dist).map((p) => {
        const count = dist.counts![String(p.value)] ?? 0
        return (
          <li class={p.kind} data-value={String(p.value)}>
            {p.kind === 'excluded'
              ? t('dash.dist_excluded', { label: p.label, count })
              : t('dash.dist_part', { label: p.label, count, share: share(count, of).toFixed(1) })}
          </li>
        )
      })}
    </ul>
  )
}
