/**
 * Hour of day by weekday as a shaded table: readable without JavaScript, and
 * shaded by classes (the CSP allows no style attributes). Cells with too few
 * responses are marked, never given a percentage.
 */
import type { GroupJson } from '../../../server/results/compute-results.ts'
import type { MessageKey, Translate } from '../../i18n/messages.ts'
import { pct } from './format.tsx'

/** Shade bands of the index, lowest first: h1 under 70%, … h5 from 95%. */
const BANDS = [0.7, 0.8, 0.9, 0.95]
const shade = (index: number) => `h${1 + BANDS.filter((b) => index >= b).length}`

export function Heatmap(props: { t: Translate; groups: GroupJson[] }) {
  const { t, groups } = props
  if (!groups.length) return null
  const cells = new Map(groups.map((g) => [g.key, g]))
  const days = [...new Set(groups.map((g) => Number(g.key.slice(0, 1))))].sort()
  const hours = groups.map((g) => Number(g.key.slice(2)))
  const span = Array.from({ length: Math.max(...hours) - Math.min(...hours) + 1 }, (_, i) => Math.min(...hours) + i)
  const weekday = (d: number) => t(`dash.weekday.${d}` as MessageKey)
  return (
    <figure class="chart-block">
      <table class="heatmap" data-table="hour">
        <caption>{t('dash.heatmap_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dash.weekday')}</th>
            {span.map((h) => (
              <th scope="col" class="num">{`${String(h).padStart(2, '0')}h`}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr>
              <th scope="row">{weekday(d)}</th>
              {span.map((h) => {
                const key = `${d}-${String(h).padStart(2, '0')}`
                const g = cells.get(key)
                if (!g) return <td class="num h0">·</td>
                if (g.suppressed || g.index === null)
                  return (
                    <td class="num hx" data-key={key} title={`n = ${g.n}`}>
                      <abbr title={t('verdict.too_few')}>{t('dash.too_few_short')}</abbr>
                    </td>
                  )
                return (
                  <td class={`num ${shade(g.index)}`} data-key={key} title={`${g.label}: n = ${g.n}`}>
                    {pct(g.index)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        <ul class="legend">
          {['h1', 'h2', 'h3', 'h4', 'h5', 'hx'].map((c) => (
            <li>
              <span class={`swatch ${c}`} aria-hidden="true" />
              {t(`dash.heat.${c}` as MessageKey)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  )
}
