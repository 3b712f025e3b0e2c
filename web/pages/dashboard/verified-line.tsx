/** The dashboard's line on verified responses (through one-stop-shop tickets) and, with dossier counts, the response rate against the Ministry's sample size. */
import type { ResultsJson } from '../../../server/results/compute-results.ts'
import type { Translate } from '../../i18n/messages.ts'

export function VerifiedLine(props: { t: Translate; results: ResultsJson }) {
  const { t, results } = props
  const v = results.verified
  const x = results.transactions
  if (!v && !x) return null
  return (
    <p class="hint">
      {v ? t('integration.dash.verified', { n: v.n, share: v.share === null ? '—' : `${Math.round(v.share * 100)}%` }) : null}
      {x ? ` · ${t(x.reaches_required ? 'integration.dash.sample_ok' : 'integration.dash.sample_short', { N: x.N, rate: x.response_rate === null ? '—' : `${Math.round(x.response_rate * 1000) / 10}%`, required: x.required_n })}` : null}
    </p>
  )
}
