/**
 * Sở Nội vụ's province view: every unit of a subtree against its target,
 * sortable and filterable through the address, with the distribution of units
 * against the 80%, 90% and 95% lines. The table carries everything; the chart
 * (islands/province-chart.ts) only draws it.
 */
import type { Period } from '../../server/domain/periods.ts'
import { SECTORS } from '../../server/domain/survey-types.ts'
import { BANDS, VERDICT_FILTERS, type Band, type SortKey, type UnitRow } from '../../server/results/unit-table.ts'
import type { MessageKey, Translate } from '../i18n/messages.ts'
import { PeriodSelect } from './period-select.tsx'
import { StaffLayout, type StaffUser } from './staff-layout.tsx'
import { UnitSelect } from './unit-select.tsx'
import { ExportLinks } from './periods/export-links.tsx'

export interface ProvinceQuery {
  unit: number
  period: Period
  survey: string | null
  sector: string | null
  type: string | null
  verdict: string | null
  sort: SortKey
  dir: 'asc' | 'desc'
  /** Only responses made through a one-time ticket (verified=only). */
  verified: boolean
}

export interface ProvinceProps {
  t: Translate
  lang: string
  user: StaffUser
  today: string
  units: { id: number; name: string; depth: number }[]
  surveys: { id: string; title: string }[]
  types: string[]
  query: ProvinceQuery
  rows: UnitRow[]
  distribution: Record<Band, number>
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)

/** Columns in order; null: not sortable. */
const COLUMNS: { key: SortKey; label: MessageKey; num?: boolean }[] = [
  { key: 'name', label: 'province.col.unit' },
  { key: 'type', label: 'province.col.type' },
  { key: 'sector', label: 'province.col.sector' },
  { key: 'survey', label: 'province.col.survey' },
  { key: 'n', label: 'province.col.n', num: true },
  { key: 'verified_n', label: 'integration.province.col.verified_n', num: true },
  { key: 'index', label: 'province.col.index', num: true },
  { key: 'target', label: 'province.col.target', num: true },
  { key: 'verdict', label: 'province.col.verdict' },
]

/** The chart's data, read by the island from a JSON block (never executed). */
export function chartData(t: Translate, rows: UnitRow[]) {
  const points = rows.filter((r) => r.direct && r.index !== null && !r.suppressed).sort((a, b) => a.index! - b.index!)
  const json = {
    label: t('province.chart.units'),
    labels: points.map((r) => `${r.name} — ${r.survey.title}`),
    values: points.map((r) => Math.round(r.index! * 1000) / 10),
    lines: [80, 90, 95].map((v) => ({ value: v, label: t('province.chart.line', { value: v }) })),
  }
  // Inside <script>, "<" could close the element: JSON allows it escaped.
  return JSON.stringify(json).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

export function ProvincePage(p: ProvinceProps) {
  const { t, query } = p
  const params = (over: Partial<ProvinceQuery>) => {
    const q = { ...query, ...over }
    const s = new URLSearchParams({ unit: String(q.unit), period: q.period.key })
    for (const k of ['survey', 'sector', 'type', 'verdict'] as const) if (q[k]) s.set(k, q[k]!)
    if (q.verified) s.set('verified', 'only')
    s.set('sort', q.sort)
    s.set('dir', q.dir)
    s.set('lang', p.lang)
    return s
  }
  const sortLink = (key: SortKey) => `/province?${params({ sort: key, dir: query.sort === key && query.dir === 'asc' ? 'desc' : 'asc' })}`
  const drill = (r: UnitRow) => `/dashboard?${new URLSearchParams({ unit: String(r.unit_id), period: query.period.key, survey: r.survey.id, ...(query.verified ? { verified: 'only' } : {}), lang: p.lang })}`
  const attention = (r: UnitRow) => r.verdict === 'not_met' || r.verdict === 'undecided'
  const total = BANDS.reduce((s, b) => s + p.distribution[b], 0)
  return (
    <StaffLayout t={t} lang={p.lang} title={t('province.title')} user={p.user} current="province">
      <h1>{t('province.title')}</h1>
      <form class="filters" method="get" action="/province">
        <UnitSelect t={t} units={p.units} selected={query.unit} />
        <PeriodSelect t={t} period={query.period} today={p.today} />
        <label>
          {t('dash.survey')}
          <select name="survey">
            <option value="">{t('province.all')}</option>
            {p.surveys.map((s) => (
              <option value={s.id} selected={s.id === query.survey}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('province.col.sector')}
          <select name="sector">
            <option value="">{t('province.all')}</option>
            {SECTORS.map((s) => (
              <option value={s} selected={s === query.sector}>
                {t(`province.sector.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('province.col.type')}
          <select name="type">
            <option value="">{t('province.all')}</option>
            {p.types.map((ty) => (
              <option value={ty} selected={ty === query.type}>
                {ty}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('province.col.verdict')}
          <select name="verdict">
            <option value="">{t('province.all')}</option>
            {VERDICT_FILTERS.map((v) => (
              <option value={v} selected={v === query.verdict}>
                {t(`verdict.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('integration.verified.label')}
          <select name="verified">
            <option value="">{t('integration.verified.all')}</option>
            <option value="only" selected={query.verified}>
              {t('integration.verified.only')}
            </option>
          </select>
        </label>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <input type="hidden" name="lang" value={p.lang} />
        <button type="submit">{t('dash.show')}</button>
      </form>

      <ExportLinks t={t} lang={p.lang} unit={query.unit} period={query.period.key} survey={query.survey} extra={{ ...Object.fromEntries((['sector', 'type', 'verdict'] as const).filter((k) => query[k]).map((k) => [k, query[k]!])), ...(query.verified ? { verified: 'only' } : {}) }} />

      <section aria-labelledby="bands">
        <h2 id="bands">{t('province.bands.title')}</h2>
        <p class="hint">{t('province.bands.hint')}</p>
        <table class="bands" data-total={String(total)}>
          <tbody>
            {BANDS.map((b) => (
              <tr data-band={b}>
                <th scope="row">{t(`province.band.${b}`)}</th>
                <td class="num">{p.distribution[b]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="province-chart">
          <canvas id="province-chart" role="img" aria-label={t('province.chart.aria')} />
        </div>
        <script type="application/json" id="province-chart-data" dangerouslySetInnerHTML={{ __html: chartData(t, p.rows) }} />
        <script src="/static/province-chart.js" defer />
      </section>

      <section aria-labelledby="units">
        <h2 id="units">{t('province.units.title', { count: p.rows.length })}</h2>
        {p.rows.length ? (
          <table class="units">
            <thead>
              <tr>
                {COLUMNS.map((col) => (
                  <th scope="col" class={col.num ? 'num' : undefined} aria-sort={query.sort === col.key ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                    <a href={sortLink(col.key)} data-sort={col.key}>
                      {t(col.label)}
                      {query.sort === col.key ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </a>
                  </th>
                ))}
                <th scope="col" class="num">
                  {t('province.col.ci')}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr class={attention(r) ? `attention attention-${r.verdict}` : undefined} data-unit={String(r.unit_id)} data-survey={r.survey.id} data-verdict={r.verdict ?? 'none'}>
                  <th scope="row" class={`depth-${Math.min(r.depth, 6)}`}>
                    <a href={drill(r)}>{r.name}</a>
                    {r.code ? <span class="code"> ({r.code})</span> : null}
                  </th>
                  <td>{r.type}</td>
                  <td>{t(`province.sector.${r.sector}`)}</td>
                  <td>{r.survey.title}</td>
                  <td class="num" data-col="n">
                    {r.n}
                    {r.below_required ? <abbr title={t('integration.province.below_required', { required: r.transactions!.required_n, N: r.transactions!.N })}> ⚑</abbr> : null}
                  </td>
                  <td class="num" data-col="verified_n">{r.verified_n}</td>
                  <td class="num">
                    {r.suppressed ? <span class="too_few">{t('province.too_few')}</span> : pct(r.index)}
                  </td>
                  <td class="num">{pct(r.target)}</td>
                  <td>
                    {attention(r) ? <strong class="flag">{t('province.attention')} </strong> : null}
                    <span class={r.verdict ?? ''}>{t(`verdict.${r.verdict ?? 'none'}` as MessageKey)}</span>
                  </td>
                  <td class="num">{r.ci ? `${pct(r.ci[0])} – ${pct(r.ci[1])}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('province.no_rows')}</p>
        )}
      </section>
    </StaffLayout>
  )
}
