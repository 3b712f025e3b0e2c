/** Webhooks and their delivery log, for administrators; a new webhook's signing secret is shown here once. */
import { WEBHOOK_EVENTS, type Delivery, type DeliveryStatus, type Webhook } from '../../../server/store/webhooks.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { AdminFrame, Options, type AdminFrameProps } from './admin-frame.tsx'

const STATUSES: DeliveryStatus[] = ['pending', 'sending', 'delivered', 'failed']
const time = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '—')

export function WebhooksPage(
  p: AdminFrameProps & { hooks: Webhook[]; chosen: number | null; status: DeliveryStatus | null; deliveries: Delivery[]; secret: { url: string; secret: string } | null },
) {
  const { t } = p
  const statusLabel = (s: DeliveryStatus) => t(`integration.webhooks.status.${s}` as MessageKey)
  return (
    <AdminFrame {...p} tab="webhooks" title={t('integration.webhooks.title')}>
      <p class="hint">{t('integration.webhooks.about')}</p>
      {p.secret ? (
        <div class="token" role="status">
          <p>{t('integration.webhooks.secret_once', { url: p.secret.url })}</p>
          <p>
            <code>{p.secret.secret}</code>
          </p>
        </div>
      ) : null}
      {p.hooks.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('integration.webhooks.url')}</th>
              <th>{t('integration.webhooks.events')}</th>
              <th>{t('integration.clients.status')}</th>
              <th>{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {p.hooks.map((h) => (
              <tr aria-current={h.id === p.chosen ? 'true' : undefined}>
                <td>
                  <a href={`/admin/webhooks?hook=${h.id}`}>{h.url}</a>
                </td>
                <td>{h.events.join(', ')}</td>
                <td>{h.active ? t('integration.clients.active') : t('integration.webhooks.off')}</td>
                <td>
                  <form method="post" action={`/admin/webhooks/${h.id}/active`}>
                    <input type="hidden" name="active" value={h.active ? '0' : '1'} />
                    <button type="submit">{h.active ? t('integration.webhooks.disable') : t('integration.webhooks.enable')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('integration.webhooks.empty')}</p>
      )}
      {p.chosen !== null ? (
        <>
          <h2>{t('integration.webhooks.log')}</h2>
          <form class="filters" method="get" action="/admin/webhooks">
            <input type="hidden" name="hook" value={String(p.chosen)} />
            <label>
              {t('integration.clients.status')}
              <select name="status">
                <Options blank={t('integration.webhooks.all')} items={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} selected={p.status} />
              </select>
            </label>
            <button type="submit">{t('integration.webhooks.show')}</button>
          </form>
          {p.deliveries.length ? (
            <table>
              <thead>
                <tr>
                  <th>{t('integration.webhooks.created')}</th>
                  <th>{t('integration.webhooks.event')}</th>
                  <th>{t('integration.clients.status')}</th>
                  <th class="num">{t('integration.webhooks.attempts')}</th>
                  <th>{t('integration.webhooks.last')}</th>
                  <th>{t('integration.webhooks.next')}</th>
                  <th>webhook-id</th>
                </tr>
              </thead>
              <tbody>
                {p.deliveries.map((d) => (
                  <tr>
                    <td>{time(d.created_at)}</td>
                    <td>{d.event}</td>
                    <td>{statusLabel(d.status)}</td>
                    <td class="num">{d.attempts}</td>
                    <td>{d.last_status_code !== null ? `HTTP ${d.last_status_code}` : (d.last_error ?? '—')}</td>
                    <td>{d.status === 'pending' ? time(d.next_attempt_at) : d.status === 'delivered' ? time(d.delivered_at) : '—'}</td>
                    <td>
                      <code>{d.id}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('integration.webhooks.no_deliveries')}</p>
          )}
        </>
      ) : null}
      <h2>{t('integration.webhooks.create')}</h2>
      <form method="post" action="/admin/webhooks">
        <p>
          <label>
            {t('integration.webhooks.url')}
            <input name="url" type="url" required maxLength={2000} placeholder="https://" />
          </label>
        </p>
        <fieldset>
          <legend>{t('integration.webhooks.events')}</legend>
          {WEBHOOK_EVENTS.map((e) => (
            <label>
              <input type="checkbox" name="events" value={e} checked={e === 'response.negative'} /> {e} — {t(`integration.webhooks.event.${e.replace('.', '_')}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('admin.create')}</button>
      </form>
    </AdminFrame>
  )
}
