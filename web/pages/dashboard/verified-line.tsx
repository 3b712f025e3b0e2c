/**
 * The dashboard's line on verified responses (through one-stop-shop tickets),
 * with the link that switches the figures to verified only and back, and,
 * with dossier counts, the response rate against the Ministry's sample size.
 */
import type { ResultsJson } from '../../../server/results/compute-results.ts'
import type { Translate } from '../../i18n/messages.ts'

export function VerifiedLine(props: { t: Translate; results: ResultsJson; only: boolean; toggleHref: string }) {
  const { t, results } = props
  // A frozen period's figures carry no verified count; the link still leads to the live verified-only figures.
  const v = results.verified
  const only = props.only
  const x = results.transactions
  const share = v?.share == null ? '—' : `${Math.round(v.share * 100)}%`
  return (
    <p class="hint" data-verified={only ? 'only' : 'all'}>
      {v ? `${t(only ? 'integration.dash.verified_only_on' : 'integration.dash.verified', { n: v.n, share })} · ` : null}
      <a href={props.toggleHref} data-toggle="verified">
        {t(only ? 'integration.dash.show_all' : 'integration.dash.show_verified_only')}
      </a>
      {x ? ` · ${t(x.reaches_required ? 'integration.dash.sample_ok' : 'integration.dash.sample_short', { N: x.N, rate: x.response_rate === null ? '—' : `${Math.round(x.response_rate * 1000) / 10}%`, required: x.required_n })}` : null}
    </p>
  )
}
