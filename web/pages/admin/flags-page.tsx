/**
 * Flagged responses, for administrators: what each rule left out of the
 * figures in a unit and period, with a verdict per response (genuine: count
 * it; excluded: keep it out), and the retention period of raw answers.
 */
import type { Period } from '../../../server/domain/periods.ts'
import type { FlaggedItem } from '../../../server/store/flags.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { PeriodSelect } from '../period-select.tsx'
import { UnitSelect, type UnitOption } from '../unit-select.tsx'
import { AdminFrame, Options, type AdminFrameProps } from './admin-frame.tsx'

export type FlagState = 'pending' | 'reviewed' | 'all'

export function FlagsPage(
  p: AdminFrameProps & {
    units: UnitOption[]
    unit: number
    period: Period
    today: string
    state: FlagState
    items: FlaggedItem[]
    limit: number
    retentionMonths: number
    /** This page's own address, to come back to after a verdict. */
    back: string
  },
) {
  const { t } = p
  const states = (['pending', 'reviewed', 'all'] as const).map((s) => ({ value: s, label: t(`admin.flags.state.${s}` as MessageKey) }))
  return (
    <AdminFrame {...p} tab="flags" title={t('admin.flags.title')}>
      <p class="hint">{t('admin.flags.about')}</p>
      <form class="filters" method="get" action="/admin/flags">
        <UnitSelect t={t} units={p.units} selected={p.unit} />
        <PeriodSelect t={t} period={p.period} today={p.today} />
        <label>
          {t('admin.flags.state')}
          <select name="state">
            <Options items={states} selected={p.state} />
          </select>
        </label>
        <button type="submit">{t('admin.show')}</button>
      </form>
      {p.items.length ? (
        <table class="flags">
          <thead>
            <tr>
              <th>{t('admin.flags.received')}</th>
              <th>{t('admin.unit.unit')}</th>
              <th>{t('admin.touchpoint.label')}</th>
              <th>{t('admin.flags.rules')}</th>
              <th>{t('admin.flags.client')}</th>
              <th>{t('admin.flags.answers')}</th>
              <th>{t('admin.flags.status')}</th>
              <th>{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((f) => (
              <tr data-flag={f.id}>
                <td>{f.received_at.slice(0, 16).replace('T', ' ')} UTC</td>
                <td>{f.unit}</td>
                <td>{f.touchpoint}</td>
                <td>{f.flags.map((r) => t(`admin.flags.rule.${r}` as MessageKey)).join(', ')}</td>
                <td>
                  <code>{f.client ?? '—'}</code>
                </td>
                <td>
                  <code>{Object.entries(f.answers).map(([k, v]) => `${k}=${v}`).join(' ')}</code>
                  {f.comment ? <div>{f.comment}</div> : null}
                </td>
                <td>
                  {f.status === 'ok' ? t('admin.flags.counted') : t('admin.flags.left_out')}
                  {f.reviewed_at ? <div class="hint">{t('admin.flags.reviewed', { user: f.reviewed_by ?? '—', day: f.reviewed_at.slice(0, 10) })}</div> : null}
                </td>
                <td>
                  <form method="post" action={`/admin/flags/${f.id}/review?${new URLSearchParams({ back: p.back })}`}>
                    <input type="hidden" name="verdict" value={f.status === 'ok' ? 'excluded' : 'genuine'} />
                    <button type="submit">{f.status === 'ok' ? t('admin.flags.exclude') : t('admin.flags.genuine')}</button>
                  </form>
                  {f.status !== 'ok' && !f.reviewed_at ? (
                    <form method="post" action={`/admin/flags/${f.id}/review?${new URLSearchParams({ back: p.back })}`}>
                      <input type="hidden" name="verdict" value="excluded" />
                      <button type="submit">{t('admin.flags.confirm')}</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('admin.flags.empty')}</p>
      )}
      {p.items.length === p.limit ? <p class="hint">{t('admin.flags.more', { count: p.limit })}</p> : null}

      <h2>{t('admin.retention.title')}</h2>
      <form class="filters" method="post" action="/admin/settings">
        <label>
          {t('admin.retention.months')}
          <input type="number" name="retention_months" min={3} max={1200} required value={String(p.retentionMonths)} />
        </label>
        <button type="submit">{t('admin.save')}</button>
      </form>
      <p class="hint">{t('admin.retention.help')}</p>
    </AdminFrame>
  )
}
