/**
 * The audit log for administrators: who did what and when, newest first,
 * filtered in the address (days, user, action) and paged by "older". Every
 * value is text escaped by Preact: a hostile username typed at the login
 * form reads as the characters it is.
 */
import type { AuditRow } from '../../../server/store/audit.ts'
import { CATALOGUES, DEFAULT_LANG, type MessageKey } from '../../i18n/messages.ts'
import { AdminFrame, type AdminFrameProps } from './admin-frame.tsx'

/** The actions written today; later ones (exports, flag reviews) show by their code until they get a label. */
export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'login.lockout',
  'logout',
  'password.change',
  'password.reset',
  'user.create',
  'user.update',
  'grant.set',
  'grant.remove',
  'unit.create',
  'unit.update',
  'unit.move',
  'unit.close',
  'unit.reopen',
  'unit.import',
  'service.create',
  'service.update',
  'touchpoint.create',
  'touchpoint.update',
  'target.create',
  'target.update',
  'target.delete',
] as const

export interface AuditPageProps extends AdminFrameProps {
  filter: { from: string; to: string; user: string; action: string }
  limit: number
  items: AuditRow[]
  /** Id before which the next, older page starts. */
  next: number | null
  today: string
}

/** An ISO instant as local time (UTC+7), to the second. */
const localTime = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')

export function AuditPage(p: AuditPageProps) {
  const { t, filter } = p
  const label = (action: string) => {
    const key = `audit.action.${action}` as MessageKey
    return key in CATALOGUES[DEFAULT_LANG]! ? t(key) : action
  }
  const older = () => {
    const s = new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), before: String(p.next), lang: p.lang })
    if (p.limit !== 50) s.set('limit', String(p.limit))
    return `/admin/audit?${s}`
  }
  return (
    <AdminFrame {...p} tab="audit" title={t('audit.title')}>
      <p class="hint">{t('audit.about')}</p>
      <form class="filters" method="get" action="/admin/audit">
        <label>
          {t('audit.from')}
          <input type="date" name="from" value={filter.from} max={p.today} />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" name="to" value={filter.to} max={p.today} />
        </label>
        <label>
          {t('audit.user')}
          <input name="user" value={filter.user} maxLength={64} />
        </label>
        <label>
          {t('audit.action')}
          <input name="action" value={filter.action} list="audit-actions" maxLength={61} />
        </label>
        <datalist id="audit-actions">
          {AUDIT_ACTIONS.map((a) => (
            <option value={a}>{label(a)}</option>
          ))}
        </datalist>
        <input type="hidden" name="lang" value={p.lang} />
        <button type="submit">{t('dash.show')}</button>
      </form>
      {p.items.length ? (
        <table class="audit">
          <thead>
            <tr>
              <th>{t('audit.col.at')}</th>
              <th>{t('audit.col.user')}</th>
              <th>{t('audit.col.action')}</th>
              <th>{t('audit.col.target')}</th>
              <th>{t('audit.col.detail')}</th>
              <th>{t('audit.col.client')}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((r) => (
              <tr class={r.action === 'login.failure' || r.action === 'login.lockout' ? 'failure' : undefined}>
                <td>
                  <time dateTime={r.at}>{localTime(r.at)}</time>
                </td>
                <td>{r.username ?? t('audit.nobody')}</td>
                <td>
                  {label(r.action)} <code>{r.action}</code>
                </td>
                <td>{r.target_type ? `${r.target_type} #${r.target_id}` : ''}</td>
                <td>{r.detail ? <code>{JSON.stringify(r.detail)}</code> : ''}</td>
                <td>
                  <code>{r.client_key ?? ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('audit.none')}</p>
      )}
      <nav class="pager" aria-label={t('audit.pages')}>
        {p.next !== null ? (
          <a href={older()} rel="next">
            {t('audit.older')}
          </a>
        ) : null}
      </nav>
    </AdminFrame>
  )
}
