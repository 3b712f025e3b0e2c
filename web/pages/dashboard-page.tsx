/**
 * The administrator's results view: a unit, a period, the headline against its
 * target and one breakdown at a time. Every figure comes from computeResults,
 * the same code behind GET /api/v1/results.
 */
import type { ResultsJson, Breakdown, FigureJson } from '../../server/results/compute-results.ts'
import type { MessageKey, Translate } from '../i18n/messages.ts'
import { StaffLayout, type StaffUser } from './staff-layout.tsx'

export interface DashboardProps {
  t: Translate
  lang: string
  user: StaffUser
  units: { id: number; name: string; depth: number }[]
  query: { unit: number; from: string; to: string; by: Breakdown; survey: string | null }
  results: ResultsJson | null
  /** When the subtree used several instruments and none was chosen. */
  surveys: { id: string; title: string }[] | null
  touchpoints: { code: string; label: string; unit: string; survey: string }[]
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)

function Verdict(props: { t: Translate; fig: FigureJson }) {
  const v = props.fig.verdict
  return <span class={v ?? ''}>{props.t(`verdict.${v ?? 'none'}` as MessageKey)}</span>
}

export function DashboardPage(p: DashboardProps) {
  const { t, query, results } = p
  const link = (over: Partial<DashboardProps['query']>) => {
    const q = { ...query, ...over }
    const params = new URLSearchParams({ unit: String(q.unit), from: q.from, to: q.to, by: q.by, lang: p.lang })
    if (q.survey) params.set('survey', q.survey)
    return `/dashboard?${params}`
  }
  const breakdowns: Breakdown[] = ['month', 'service', 'touchpoint', 'section', 'item']
  return (
    <StaffLayout t={t} lang={p.lang} title={t('dash.title')} user={p.user} current="dashboard">
      <h1>{t('dash.title')}</h1>
      <form class="filters" method="get" action="/dashboard">
        <label>
          {t('dash.unit')}
          <select name="unit">
            {p.units.map((u) => (
              <option value={String(u.id)} selected={u.id === query.unit}>
                {`${'\u00a0\u00a0'.repeat(u.depth)}${u.name}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dash.from')}
          <input type="date" name="from" value={query.from} />
        </label>
        <label>
          {t('dash.to')}
          <input type="date" name="to" value={query.to} />
        </label>
        <input type="hidden" name="by" value={query.by} />
        <input type="hidden" name="lang" value={p.lang} />
        {query.survey ? <input type="hidden" name="survey" value={query.survey} /> : null}
        <button type="submit">{t('dash.show')}</button>
      </form>

      {p.surveys ? (
        <section>
          <p>{t('dash.pick_survey')}</p>
          <ul>
            {p.surveys.map((s) => (
              <li>
                <a href={link({ survey: s.id })}>{s.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {results ? (
        <section aria-labelledby="headline">
          <h2 id="headline">
            {results.unit.name}
            {results.survey ? ` — ${results.survey.title}` : ''}
          </h2>
          <div class="cards">
            <div class="card" data-figure="index">
              <div class="v">{pct(results.index)}</div>
              <div class="l">{t('dash.index')}</div>
            </div>
            <div class="card" data-figure="n">
              <div class="v">{results.n}</div>
              <div class="l">{t('dash.n')}</div>
            </div>
            <div class="card" data-figure="ci">
              <div class="v">{results.ci ? `${pct(results.ci[0])} – ${pct(results.ci[1])}` : '—'}</div>
              <div class="l">{t('dash.ci')}</div>
            </div>
            <div class="card" data-figure="target">
              <div class="v">{pct(results.target)}</div>
              <div class="l" title={results.target_source ?? ''}>
                {t('dash.target')}
              </div>
            </div>
            <div class="card" data-figure="verdict">
              <div class="v">
                <Verdict t={t} fig={results} />
              </div>
              <div class="l">{results.more_needed ? t('dash.more_needed', { count: results.more_needed }) : t('dash.verdict')}</div>
            </div>
          </div>
          {results.metrics.length ? (
            <>
              <h2>{t('dash.metrics')}</h2>
              <table>
                <tbody>
                  {results.metrics.map((m) => (
                    <tr>
                      <th scope="row">{m.label}</th>
                      <td class="num">{m.key === 'mean_score' || m.key === 'expectations_met' ? (m.value?.toFixed(2) ?? '—') : pct(m.value)}</td>
                      <td class="num">n = {m.n}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          <nav class="tabs" aria-label={t('dash.group')}>
            {breakdowns.map((b) => (
              <a href={link({ by: b })} aria-current={b === query.by ? 'page' : undefined}>
                {t(`dash.by.${b}` as MessageKey)}
              </a>
            ))}
          </nav>
          {results.groups.length ? (
            <table data-breakdown={query.by}>
              <thead>
                <tr>
                  <th scope="col">{t('dash.group')}</th>
                  <th scope="col" class="num">{t('dash.n')}</th>
                  <th scope="col" class="num">{t('dash.index')}</th>
                  <th scope="col" class="num">{t('dash.ci')}</th>
                  <th scope="col">{t('dash.verdict')}</th>
                </tr>
              </thead>
              <tbody>
                {results.groups.map((g) => (
                  <tr data-key={g.key}>
                    <th scope="row">{g.label}</th>
                    <td class="num">{g.n}</td>
                    <td class="num">{pct(g.index)}</td>
                    <td class="num">{g.ci ? `${pct(g.ci[0])} – ${pct(g.ci[1])}` : '—'}</td>
                    <td>
                      <Verdict t={t} fig={g} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('dash.no_data')}</p>
          )}
        </section>
      ) : null}

      {p.touchpoints.length ? (
        <section>
          <h2>{t('dash.touchpoints')}</h2>
          <table>
            <tbody>
              {p.touchpoints.map((tp) => (
                <tr>
                  <td>{tp.unit}</td>
                  <td>{tp.label}</td>
                  <td>{tp.survey}</td>
                  <td>
                    <a href={`/s/${tp.code}`}>/s/{tp.code}</a> · <a href={`/poster/${tp.code}`}>{t('poster.print')}</a> · <a href={`/qr/${tp.code}.svg`}>QR</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </StaffLayout>
  )
}
