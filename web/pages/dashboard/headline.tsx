/**
 * The headline: the unit's index for the period with n, interval, target and
 * verdict, and the change from the previous period.
 */
import type { ResultsJson } from '../../../server/results/compute-results.ts'
import { previousPeriod, type Period } from '../../../server/domain/periods.ts'
import type { Translate } from '../../i18n/messages.ts'
import { CiValue, IndexValue, periodLabel, pct, points, Verdict } from './format.tsx'

export function Headline(props: { t: Translate; results: ResultsJson; period: Period; commentsHref: string }) {
  const { t, results: r } = props
  return (
    <section aria-labelledby="headline">
      <h2 id="headline">
        {r.unit.name}
        {r.survey ? ` — ${r.survey.title}` : ''}
      </h2>
      <div class="cards">
        <div class="card" data-figure="index">
          <div class="v">
            <IndexValue t={t} fig={r} />
          </div>
          <div class="l">{t('dash.index')}</div>
        </div>
        <div class="card" data-figure="n">
          <div class="v">{r.n}</div>
          <div class="l">{t('dash.n')}</div>
          {/* The published n and the n with flagged responses, side by side. */}
          {r.excluded ? (
            <div class="l" data-figure="n-all">
              {r.include === 'all' ? t('admin.flags.n_included', { included: r.n - r.excluded, excluded: r.excluded }) : t('admin.flags.n_all', { all: r.n + r.excluded, excluded: r.excluded })}
            </div>
          ) : null}
        </div>
        <div class="card" data-figure="ci">
          <div class="v">
            <CiValue fig={r} />
          </div>
          <div class="l">{t('dash.ci')}</div>
        </div>
        <div class="card" data-figure="target">
          <div class="v">{pct(r.target)}</div>
          <div class="l" title={r.target_source ?? ''}>
            {t('dash.target')}
          </div>
        </div>
        <div class="card" data-figure="verdict">
          <div class="v">
            <Verdict t={t} fig={r} />
          </div>
          <div class="l">{r.more_needed && !r.suppressed ? t('dash.more_needed', { count: r.more_needed }) : t('dash.verdict')}</div>
        </div>
        {r.previous ? <Change t={t} results={r} period={props.period} /> : null}
      </div>
      <p>
        <a href={props.commentsHref}>{t('dash.comments_link')}</a>
      </p>
    </section>
  )
}

function Change(props: { t: Translate; results: ResultsJson; period: Period }) {
  const { t, results: r } = props
  const prev = r.previous!
  const label = periodLabel(t, previousPeriod(props.period))
  const change = r.change ?? null
  return (
    <div class="card" data-figure="change">
      <div class={`v ${change === null ? '' : change > 0 ? 'up' : change < 0 ? 'down' : ''}`}>{change === null ? '—' : t('dash.points', { value: points(change) })}</div>
      <div class="l">
        {prev.suppressed
          ? t('dash.change_too_few', { period: label })
          : t('dash.change_from', { period: label, index: pct(prev.index), n: prev.n })}
      </div>
    </div>
  )
}
