/**
 * How figures read on the dashboard. A suppressed figure is always
 * "too few responses", never a percentage, whoever looks at it.
 */
import type { FigureJson } from '../../../server/results/compute-results.ts'
import type { Period } from '../../../server/domain/periods.ts'
import type { MessageKey, Translate } from '../../i18n/messages.ts'

export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)

export const pctRange = (ci: [number, number] | null) => (ci ? `${pct(ci[0])} – ${pct(ci[1])}` : '—')

/** A difference of two indices in percentage points, signed. */
export const points = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(1)}`

const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`

export function periodLabel(t: Translate, p: Period): string {
  const year = p.from.slice(0, 4)
  switch (p.kind) {
    case 'month':
      return t('dash.month_label', { year, month: Number(p.from.slice(5, 7)) })
    case 'quarter':
      return t('dash.quarter_label', { year, quarter: p.key.slice(6) })
    case 'year':
      return t('dash.year_label', { year })
    case 'custom':
      return `${dmy(p.from)} – ${dmy(p.to)}`
  }
}

/** The index of a figure, or "too few responses" when it is suppressed. */
export function IndexValue(props: { t: Translate; fig: FigureJson }) {
  if (props.fig.suppressed) return <span class="too_few">{props.t('verdict.too_few')}</span>
  return <>{pct(props.fig.index)}</>
}

export function CiValue(props: { fig: FigureJson }) {
  return <>{props.fig.suppressed ? '—' : pctRange(props.fig.ci)}</>
}

export function Verdict(props: { t: Translate; fig: FigureJson }) {
  const v = props.fig.suppressed ? 'too_few' : props.fig.verdict
  return <span class={v ?? ''}>{props.t(`verdict.${v ?? 'none'}` as MessageKey)}</span>
}
