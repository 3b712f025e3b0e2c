/**
 * The instrument's secondary figures; suppressed ones read "too few responses".
 */
import type { MetricJson } from '../../../server/results/compute-results.ts'
import type { Translate } from '../../i18n/messages.ts'
import { pct } from './format.tsx'

/** Metrics that are means on the answer scale rather than shares. */
const MEANS = new Set(['mean_score', 'expectations_met'])

export function Metrics(props: { t: Translate; metrics: MetricJson[] }) {
  const { t } = props
  if (!props.metrics.length) return null
  return (
    <>
      <h2>{t('dash.metrics')}</h2>
      <table>
        <tbody>
          {props.metrics.map((m) => (
            <tr data-key={m.key}>
              <th scope="row">{m.label}</th>
              <td class="num">{m.suppressed ? <span class="too_few">{t('verdict.too_few')}</span> : MEANS.has(m.key) ? (m.value?.toFixed(2) ?? '—') : pct(m.value)}</td>
              <td class="num">n = {m.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
