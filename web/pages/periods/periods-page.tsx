/**
 * Period close: the periods of the units this user reads with their review
 * status; a manager picks a unit and a finished period and submits it;
 * administrators return (with a remark), approve and publish. Plain forms,
 * no script: every action posts and comes back here.
 */
import type { Review } from '../../../server/store/period-reviews.ts'
import type { MessageKey, Translate } from '../../i18n/messages.ts'
import { StaffLayout, type StaffUser } from '../staff-layout.tsx'

export interface PeriodsProps {
  t: Translate
  lang: string
  user: StaffUser
  today: string
  /** Units this user manages (may submit). */
  units: { id: number; name: string; depth: number }[]
  reviews: Review[]
  admin: boolean
  ok: string | null
  err: string | null
}

const when = (at: string | null, by: string | null) => (at ? `${at.slice(0, 16).replace('T', ' ')} · ${by ?? '—'}` : '—')

function Action(props: { t: Translate; lang: string; unit: number; period: string; verb: 'submit' | 'return' | 'approve' | 'publish' | 'unpublish'; remark?: boolean }) {
  const { t } = props
  return (
    <form method="post" action={`/periods/${props.unit}/${props.period}/${props.verb}?lang=${props.lang}`} class="inline">
      {props.remark ? (
        <label>
          {t('periods.remark')}
          <input type="text" name="remark" maxLength={2000} required={props.verb === 'return'} />
        </label>
      ) : null}
      <button type="submit" data-action={props.verb}>
        {t(`periods.${props.verb}` as MessageKey)}
      </button>
    </form>
  )
}

export function PeriodsPage(p: PeriodsProps) {
  const { t, lang } = p
  return (
    <StaffLayout t={t} lang={lang} title={t('periods.title')} user={p.user}>
      <h1>{t('periods.title')}</h1>
      <p class="hint">{t('periods.hint')}</p>
      {p.ok ? <p class="ok" role="status">{t('periods.done', { period: p.ok })}</p> : null}
      {p.err ? <p class="err" role="alert">{t(`error.${p.err}` as MessageKey)}</p> : null}

      {p.units.length ? (
        <section aria-labelledby="submit">
          <h2 id="submit">{t('periods.submit_title')}</h2>
          <form class="filters" method="post" action="/periods/submit" data-form="submit">
            <label>
              {t('periods.col.unit')}
              <select name="unit">
                {p.units.map((u) => (
                  <option value={String(u.id)}>{`${'— '.repeat(Math.max(0, u.depth))}${u.name}`}</option>
                ))}
              </select>
            </label>
            <label>
              {t('periods.col.period')}
              <input type="text" name="period" placeholder="2026-10 | 2026-Q3 | 2025" pattern="\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?" required />
            </label>
            <label>
              {t('periods.remark')}
              <input type="text" name="remark" maxLength={2000} />
            </label>
            <input type="hidden" name="lang" value={lang} />
            <button type="submit">{t('periods.submit')}</button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="list">
        <h2 id="list">{t('periods.list_title', { count: p.reviews.length })}</h2>
        {p.reviews.length ? (
          <table class="periods">
            <thead>
              <tr>
                <th scope="col">{t('periods.col.unit')}</th>
                <th scope="col">{t('periods.col.period')}</th>
                <th scope="col">{t('periods.col.status')}</th>
                <th scope="col">{t('periods.remark')}</th>
                <th scope="col">{t('periods.col.submitted')}</th>
                <th scope="col">{t('periods.col.approved')}</th>
                <th scope="col">{t('periods.col.published')}</th>
                <th scope="col">{t('periods.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {p.reviews.map((r) => (
                <tr data-unit={String(r.unit_id)} data-period={r.period_key} data-status={r.status}>
                  <th scope="row">
                    <a href={`/dashboard?${new URLSearchParams({ unit: String(r.unit_id), period: r.period_key, lang })}`}>{r.unit_name}</a>
                  </th>
                  <td>{r.period_key}</td>
                  <td>
                    <span class={`status status-${r.status}`}>{t(`periods.status.${r.status}` as MessageKey)}</span>
                  </td>
                  <td>{r.remark ?? ''}</td>
                  <td>{when(r.submitted_at, r.submitted_by)}</td>
                  <td>{when(r.approved_at, r.approved_by)}</td>
                  <td>{r.published_at ? when(r.published_at, r.published_by) : t('periods.not_published')}</td>
                  <td class="actions">
                    <a href={`/reports/units/${r.unit_id}?${new URLSearchParams({ period: r.period_key, lang })}`}>{t('periods.report')}</a>
                    {p.admin && r.status === 'submitted' ? <Action t={t} lang={lang} unit={r.unit_id} period={r.period_key} verb="return" remark /> : null}
                    {p.admin && r.status !== 'approved' ? <Action t={t} lang={lang} unit={r.unit_id} period={r.period_key} verb="approve" /> : null}
                    {p.admin && r.status === 'approved' ? <Action t={t} lang={lang} unit={r.unit_id} period={r.period_key} verb={r.published_at ? 'unpublish' : 'publish'} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('periods.none')}</p>
        )}
      </section>
    </StaffLayout>
  )
}
