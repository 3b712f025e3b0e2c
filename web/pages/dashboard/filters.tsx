/**
 * The dashboard's choices, all plain links and GET forms: unit (only units the
 * user reads) and survey, period kind, previous/next period, a custom range.
 */
import { nextPeriod, periodContaining, previousPeriod, type Period } from '../../../server/domain/periods.ts'
import type { MessageKey, Translate } from '../../i18n/messages.ts'
import { periodLabel } from './format.tsx'
import { dashboardHref, type DashboardQuery } from './links.ts'
import { UnitSelect } from '../unit-select.tsx'

export interface FiltersProps {
  t: Translate
  lang: string
  query: DashboardQuery
  units: { id: number; name: string; depth: number }[]
  surveys: { id: string; title: string }[]
  today: string
}

const KINDS = ['month', 'quarter', 'year', 'custom'] as const

/** The period of another kind around the current one: the month/quarter/year holding its last day, or the same days as a custom range. */
function switchKind(p: Period, kind: (typeof KINDS)[number]): Period {
  if (kind === 'custom') return { kind, key: `${p.from}..${p.to}`, from: p.from, to: p.to }
  return periodContaining(kind, p.to)
}

export function Filters(props: FiltersProps) {
  const { t, lang, query } = props
  const href = (period: Period) => dashboardHref(query, lang, { period })
  const prev = previousPeriod(query.period)
  const next = nextPeriod(query.period)
  return (
    <>
      <form class="filters" method="get" action="/dashboard">
        <UnitSelect t={t} units={props.units} selected={query.unit} />
        {props.surveys.length > 1 ? (
          <label>
            {t('dash.survey')}
            <select name="survey">
              {props.surveys.map((s) => (
                <option value={s.id} selected={s.id === query.survey}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
        ) : query.survey ? (
          <input type="hidden" name="survey" value={query.survey} />
        ) : null}
        <input type="hidden" name="period" value={query.period.key} />
        <input type="hidden" name="by" value={query.by} />
        {query.verified ? <input type="hidden" name="verified" value="only" /> : null}
        <input type="hidden" name="lang" value={lang} />
        <button type="submit">{t('dash.show')}</button>
      </form>

      <nav class="period" aria-label={t('dash.period')}>
        <span class="kinds">
          {KINDS.map((kind) => (
            <a href={href(switchKind(query.period, kind))} aria-current={kind === query.period.kind ? 'page' : undefined}>
              {t(`dash.kind.${kind}` as MessageKey)}
            </a>
          ))}
        </span>
        <span class="steps">
          <a href={href(prev)} rel="prev" data-step="prev">
            {`‹ ${periodLabel(t, prev)}`}
          </a>
          <strong data-period={query.period.key}>{periodLabel(t, query.period)}</strong>
          {next.from <= props.today ? (
            <a href={href(next)} rel="next" data-step="next">
              {`${periodLabel(t, next)} ›`}
            </a>
          ) : null}
        </span>
      </nav>

      {query.period.kind === 'custom' ? (
        <form class="filters custom" method="get" action="/dashboard">
          <input type="hidden" name="unit" value={String(query.unit)} />
          <label>
            {t('dash.from')}
            <input type="date" name="from" value={query.period.from} required />
          </label>
          <label>
            {t('dash.to')}
            <input type="date" name="to" value={query.period.to} required />
          </label>
          <input type="hidden" name="by" value={query.by} />
          <input type="hidden" name="lang" value={lang} />
          {query.survey ? <input type="hidden" name="survey" value={query.survey} /> : null}
          {query.verified ? <input type="hidden" name="verified" value="only" /> : null}
          <button type="submit">{t('dash.show')}</button>
        </form>
      ) : null}
    </>
  )
}
