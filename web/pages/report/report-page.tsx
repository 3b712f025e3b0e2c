/**
 * The printable report of a unit's subtree and period: a cover, the method
 * in plain words, the units against their targets, charts (server-side SVG),
 * the units not meeting their targets with their lowest items, and the
 * comments' themes by count. Each section starts a new A4 page when printed
 * (web/styles/report.css); the bar on top is for the screen only.
 */
import type { Period } from '../../../server/domain/periods.ts'
import type { PeriodReport, ReportRow } from '../../../server/results/period-report.ts'
import type { MessageKey, Translate } from '../../i18n/messages.ts'
import { pct, periodLabel } from '../dashboard/format.tsx'
import { BarChart, TrendChart } from './svg-charts.tsx'

export interface ReportProps {
  t: Translate
  lang: string
  unit: { id: number; name: string; code: string | null }
  province: string | null
  period: Period
  surveyId: string | null
  surveys: { id: string; title: string; method: string }[]
  madeOn: string
  minN: number
  suppressBelow: number
  report: PeriodReport
}

/** Bars drawn per instrument; the table holds every unit. */
const MAX_BARS = 40

const ciText = (r: { suppressed: boolean; ci: [number, number] | null }) => (r.suppressed || !r.ci ? '—' : `${pct(r.ci[0])} – ${pct(r.ci[1])}`)

function Verdict(props: { t: Translate; r: { suppressed: boolean; verdict: string | null } }) {
  const v = props.r.suppressed ? 'too_few' : (props.r.verdict ?? 'none')
  return <span class={v}>{props.t(`verdict.${v}` as MessageKey)}</span>
}

function IndexText(props: { t: Translate; r: { suppressed: boolean; index: number | null } }) {
  return props.r.suppressed ? <span class="too_few">{props.t('verdict.too_few')}</span> : <>{pct(props.r.index)}</>
}

export function ReportPage(p: ReportProps) {
  const { t, lang, report } = p
  const title = `${t('report.title')} — ${p.unit.name} — ${periodLabel(t, p.period)}`
  const other = lang === 'vi' ? 'en' : 'vi'
  const q = (over: Record<string, string>) => `/reports/units/${p.unit.id}?${new URLSearchParams({ period: p.period.key, ...(p.surveyId ? { survey: p.surveyId } : {}), lang, ...over })}`
  const roots = report.rows.filter((r) => r.depth === 0)
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/report.css" />
      </head>
      <body class="report">
        <nav class="screen-only bar" aria-label={t('nav.label')}>
          <a href={`/dashboard?${new URLSearchParams({ unit: String(p.unit.id), period: p.period.key, lang })}`}>{t('report.back')}</a>
          <a href={`/periods?lang=${lang}`}>{t('periods.title')}</a>
          <a href={q({ lang: other })} hreflang={other} lang={other}>{t(`lang.${other}` as MessageKey)}</a>
          <span class="hint">{t('report.print')}: Ctrl+P</span>
        </nav>

        <section class="cover" data-section="cover">
          <p class="kicker">{t('report.title')}</p>
          <h1>{p.unit.name}</h1>
          <dl>
            {p.province ? (
              <>
                <dt>{t('report.cover.province')}</dt>
                <dd>{p.province}</dd>
              </>
            ) : null}
            <dt>{t('report.cover.period')}</dt>
            <dd>{`${periodLabel(t, p.period)} (${p.period.from} – ${p.period.to})`}</dd>
            <dt>{t('report.cover.surveys')}</dt>
            <dd>{p.surveys.map((s) => s.title).join('; ') || '—'}</dd>
            <dt>{t('report.cover.made')}</dt>
            <dd>{p.madeOn}</dd>
          </dl>
          <p class={report.frozen ? 'frozen' : 'live'} data-frozen={report.frozen?.approved_at}>
            {report.frozen ? t('report.cover.frozen', { at: report.frozen.approved_at.slice(0, 16).replace('T', ' '), by: report.frozen.approved_by ?? '—' }) : t('report.cover.live')}
          </p>
          {roots.length ? (
            <table class="headline">
              <caption>{t('report.cover.headline')}</caption>
              <tbody>
                {roots.map((r) => (
                  <tr>
                    <th scope="row">{r.survey.title}</th>
                    <td class="num big">
                      <IndexText t={t} r={r} />
                    </td>
                    <td class="num">{`n = ${r.n}`}</td>
                    <td>
                      <Verdict t={t} r={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>

        <section class="page" data-section="method">
          <h2>{t('report.method.title')}</h2>
          <p>{t('report.method.intro')}</p>
          <ul>
            {p.surveys.map((s) => (
              <li>{t(`report.method.index.${s.method}` as MessageKey, { survey: s.title })}</li>
            ))}
          </ul>
          <p>{t('report.method.interval')}</p>
          <p>{t('report.method.verdict', { minN: p.minN })}</p>
          <p>{t('report.method.suppression', { n: p.suppressBelow })}</p>
          <p>{t('report.method.comments')}</p>
          <p class={report.frozen ? 'frozen' : 'live'}>{report.frozen ? t('report.cover.frozen', { at: report.frozen.approved_at.slice(0, 16).replace('T', ' '), by: report.frozen.approved_by ?? '—' }) : t('report.cover.live')}</p>
        </section>

        <section class="page" data-section="units">
          <h2>{t('report.units.title')}</h2>
          <p>{t('report.units.distribution', { ...report.distribution })}</p>
          <UnitsTable t={t} rows={report.rows} />
        </section>

        <section class="page" data-section="charts">
          <h2>{t('report.charts.title')}</h2>
          {p.surveys.map((s) => {
            const rows = report.rows.filter((r) => r.survey.id === s.id && r.direct)
            const sorted = [...rows].sort((a, b) => (a.suppressed || a.index === null ? 1 : 0) - (b.suppressed || b.index === null ? 1 : 0) || (a.index ?? 0) - (b.index ?? 0))
            const trend = report.trends.find((x) => x.survey.id === s.id)
            return (
              <div class="chart-pair" data-survey={s.id}>
                <figure>
                  <BarChart
                    title={t('report.charts.units', { survey: s.title })}
                    bars={sorted.slice(0, MAX_BARS).map((r) => ({ label: r.name, value: r.suppressed ? null : r.index }))}
                    lines={[0.8, 0.9, 0.95]}
                    lineLabel={(v) => t('report.charts.line', { value: v })}
                    missing={t('report.charts.missing')}
                  />
                  <figcaption>{t('report.charts.units', { survey: s.title })}</figcaption>
                  {sorted.length > MAX_BARS ? <p class="hint">{t('report.charts.more', { shown: MAX_BARS, total: sorted.length })}</p> : null}
                </figure>
                {trend && trend.months.length ? (
                  <figure>
                    <TrendChart
                      title={t('report.charts.trend', { survey: s.title })}
                      targetLabel={t('public.col.target')}
                      points={trend.months.map((g) => ({ label: g.label, value: g.suppressed ? null : g.index, ci: g.suppressed ? null : g.ci, target: g.target }))}
                    />
                    <figcaption>{t('report.charts.trend', { survey: s.title })}</figcaption>
                  </figure>
                ) : null}
              </div>
            )
          })}
        </section>

        <section class="page" data-section="not-met">
          <h2>{t('report.not_met.title')}</h2>
          {report.notMet.length ? null : <p>{t('report.not_met.none')}</p>}
          {report.notMetTotal > report.notMet.length ? <p class="hint">{t('report.not_met.more', { shown: report.notMet.length, total: report.notMetTotal })}</p> : null}
          {report.notMet.map(({ row, lowest }) => (
            <div class="not-met" data-unit={String(row.unit_id)}>
              <h3>{`${row.name} — ${row.survey.title}: ${pct(row.index)} / ${pct(row.target)}`}</h3>
              <table>
                <caption>{t('report.not_met.lowest')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('report.col.item')}</th>
                    <th scope="col" class="num">{t('public.col.n')}</th>
                    <th scope="col" class="num">{t('public.col.index')}</th>
                    <th scope="col" class="num">{t('public.col.ci')}</th>
                  </tr>
                </thead>
                <tbody>
                  {lowest.map((g) => (
                    <tr>
                      <th scope="row">{g.label}</th>
                      <td class="num">{g.n}</td>
                      <td class="num">{pct(g.index)}</td>
                      <td class="num">{ciText(g)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>

        <section class="page" data-section="themes">
          <h2>{t('report.themes.title')}</h2>
          {report.themes.total ? (
            <>
              <p>{t('report.themes.total', { total: report.themes.total, until: report.themes.until, unthemed: report.themes.unthemed })}</p>
              <table class="themes">
                <thead>
                  <tr>
                    <th scope="col">{t('report.themes.title')}</th>
                    <th scope="col" class="num">{t('report.themes.count')}</th>
                    <th scope="col" class="num">{t('report.themes.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.themes.counts.map((c) => (
                    <tr data-theme={c.theme} data-count={String(c.count)}>
                      <th scope="row">{t(`report.theme.${c.theme}` as MessageKey)}</th>
                      <td class="num">{c.count}</td>
                      <td class="num">{pct(c.count / report.themes.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p>{t('report.themes.none')}</p>
          )}
        </section>
      </body>
    </html>
  )
}

function UnitsTable(props: { t: Translate; rows: ReportRow[] }) {
  const { t } = props
  return (
    <table class="units">
      <thead>
        <tr>
          <th scope="col">{t('report.col.unit')}</th>
          <th scope="col">{t('report.col.survey')}</th>
          <th scope="col" class="num">{t('public.col.n')}</th>
          <th scope="col" class="num">{t('public.col.index')}</th>
          <th scope="col" class="num">{t('public.col.ci')}</th>
          <th scope="col" class="num">{t('public.col.target')}</th>
          <th scope="col">{t('public.col.verdict')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr data-unit={String(r.unit_id)} data-verdict={r.suppressed ? 'too_few' : (r.verdict ?? 'none')}>
            <th scope="row" class={`depth-${Math.min(r.depth, 4)}`}>{r.name}</th>
            <td>{r.survey.title}</td>
            <td class="num">{r.n}</td>
            <td class="num">
              <IndexText t={t} r={r} />
            </td>
            <td class="num">{ciText(r)}</td>
            <td class="num">{pct(r.target)}</td>
            <td>
              <Verdict t={t} r={r} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
