/**
 * The period field of the province and comments filters, without JavaScript:
 * a select of recent months, quarters and years whose value is the period key
 * that goes in the address, or "custom" (empty) with the two day fields.
 */
import { periodContaining, previousPeriod, type Period } from '../../server/domain/periods.ts'
import type { Translate } from '../i18n/messages.ts'

export function periodLabel(t: Translate, p: Period): string {
  switch (p.kind) {
    case 'month': return t('province.period.month', { month: Number(p.key.slice(5, 7)), year: p.key.slice(0, 4) })
    case 'quarter': return t('province.period.quarter', { quarter: p.key.slice(6), year: p.key.slice(0, 4) })
    case 'year': return t('province.period.year', { year: p.key })
    case 'custom': return t('province.period.range', { from: p.from, to: p.to })
  }
}

/** Recent periods ending today or earlier: 12 months, 6 quarters, 3 years. */
function recentPeriods(today: string): Period[] {
  const walk = (first: Period, count: number) => {
    const out = [first]
    while (out.length < count) out.push(previousPeriod(out[out.length - 1]!))
    return out
  }
  return [...walk(periodContaining('month', today), 12), ...walk(periodContaining('quarter', today), 6), ...walk(periodContaining('year', today), 3)]
}

export function PeriodSelect(props: { t: Translate; period: Period; today: string }) {
  const { t, period } = props
  const options = recentPeriods(props.today)
  const groups = [
    { kind: 'month', label: t('province.period.months') },
    { kind: 'quarter', label: t('province.period.quarters') },
    { kind: 'year', label: t('province.period.years') },
  ] as const
  const known = options.some((o) => o.key === period.key)
  return (
    <>
      <label>
        {t('province.period')}
        <select name="period">
          <option value="" selected={period.kind === 'custom'}>
            {t('province.period.custom')}
          </option>
          {!known && period.kind !== 'custom' ? (
            <option value={period.key} selected>
              {periodLabel(t, period)}
            </option>
          ) : null}
          {groups.map((g) => (
            <optgroup label={g.label}>
              {options
                .filter((o) => o.kind === g.kind)
                .map((o) => (
                  <option value={o.key} selected={o.key === period.key}>
                    {periodLabel(t, o)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        {t('province.period.from')}
        <input type="date" name="from" value={period.from} />
      </label>
      <label>
        {t('province.period.to')}
        <input type="date" name="to" value={period.to} />
      </label>
    </>
  )
}
