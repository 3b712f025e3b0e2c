/** API clients (the one-stop-shop system and other programs), for administrators; a new token is shown here once. */
import type { ApiClient } from '../../../server/store/api-clients.ts'
import { AdminFrame, indentedName, Options, type AdminFrameProps } from './admin-frame.tsx'

export function ClientsPage(p: AdminFrameProps & { clients: ApiClient[]; units: { id: number; name: string; depth: number }[]; token: { name: string; token: string } | null }) {
  const { t } = p
  return (
    <AdminFrame {...p} tab="clients" title={t('integration.clients.title')}>
      <p class="hint">{t('integration.clients.about')}</p>
      {p.token ? (
        <div class="token" role="status">
          <p>{t('integration.clients.token_once', { name: p.token.name })}</p>
          <p>
            <code>{p.token.token}</code>
          </p>
        </div>
      ) : null}
      {p.clients.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('integration.clients.name')}</th>
              <th>{t('integration.clients.unit')}</th>
              <th>{t('integration.clients.created')}</th>
              <th>{t('integration.clients.last_used')}</th>
              <th>{t('integration.clients.status')}</th>
              <th>{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {p.clients.map((cl) => (
              <tr>
                <td>{cl.name}</td>
                <td>{cl.unit_name}</td>
                <td>{cl.created_at.slice(0, 16).replace('T', ' ')}</td>
                <td>{cl.last_used_at ? cl.last_used_at.slice(0, 16).replace('T', ' ') : t('integration.clients.never')}</td>
                <td>{cl.revoked_at ? t('integration.clients.revoked', { day: cl.revoked_at.slice(0, 10) }) : t('integration.clients.active')}</td>
                <td>
                  {cl.revoked_at ? null : (
                    <form method="post" action={`/admin/clients/${cl.id}/revoke`}>
                      <button type="submit">{t('integration.clients.revoke')}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('integration.clients.empty')}</p>
      )}
      <h2>{t('integration.clients.create')}</h2>
      <form class="filters" method="post" action="/admin/clients">
        <label>
          {t('integration.clients.name')}
          <input name="name" required maxLength={200} />
        </label>
        <label>
          {t('integration.clients.unit')}
          <select name="unit" required>
            <Options items={p.units.map((u) => ({ value: u.id, label: indentedName(u) }))} />
          </select>
        </label>
        <button type="submit">{t('admin.create')}</button>
      </form>
      <p class="hint">
        <a href="/api/docs">{t('integration.docs.title')}</a>
      </p>
    </AdminFrame>
  )
}
