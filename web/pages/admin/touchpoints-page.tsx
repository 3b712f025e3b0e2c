/**
 * The touchpoints of a unit's subtree, for its managers and administrators:
 * survey address, QR codes and poster of each, a form to edit or retire it,
 * a form to add one, and the batch print of every poster.
 */
import { AdminFrame, indentedName, Options, RowSaveForm, type AdminFrameProps } from './admin-frame.tsx'

export interface TouchpointRow {
  id: number
  code: string
  label: string
  unitName: string
  serviceId: number | null
  survey: string
  retiredOn: string | null
  retired: boolean
  kiosk: boolean
  /** Submissions one client may send per minute, when set (administrators see and set it). */
  rateLimit: number | null
}

/** A tablet paired (or once paired) to a kiosk touchpoint. */
export interface DeviceRow {
  id: number
  code: string
  touchpointId: number | null
  status: string
  pairedAt: string | null
  lastSeenAt: string | null
}

export function TouchpointsPage(
  p: AdminFrameProps & {
    unit: { id: number; name: string }
    units: { id: number; name: string; depth: number }[]
    services: { id: number; name: string }[]
    surveys: { id: string; title: string }[]
    touchpoints: TouchpointRow[]
    devices: DeviceRow[]
  },
) {
  const { t } = p
  const services = p.services.map((s) => ({ value: s.id, label: s.name }))
  return (
    <AdminFrame {...p} tab="touchpoints" title={t('admin.touchpoints.title')}>
      <form class="filters" method="get" action="/admin/touchpoints">
        <label>
          {t('admin.unit.unit')}
          <select name="unit">
            <Options items={p.units.map((u) => ({ value: u.id, label: indentedName(u) }))} selected={p.unit.id} />
          </select>
        </label>
        <button type="submit">{t('admin.show')}</button>
      </form>
      <p>
        <a href={`/admin/units/${p.unit.id}/posters`}>{t('admin.posters.link')}</a>
      </p>
      {p.touchpoints.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('admin.touchpoint.label')}</th>
              <th>{t('admin.unit.unit')}</th>
              <th>{t('admin.touchpoint.survey')}</th>
              <th>{t('admin.touchpoint.service')}</th>
              <th>{t('admin.touchpoint.links')}</th>
              <th>{t('admin.touchpoint.retired_on')}</th>
              <th>{t('admin.touchpoint.kiosk')}</th>
              {p.user.admin ? <th>{t('admin.touchpoint.rate_limit')}</th> : null}
              <th>{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {p.touchpoints.map((tp) => {
              const form = `touchpoint-${tp.id}`
              return (
                <tr class={tp.retired ? 'closed' : undefined}>
                  <td>
                    <input form={form} name="label" required maxLength={200} value={tp.label} aria-label={t('admin.touchpoint.label')} />
                  </td>
                  <td>{tp.unitName}</td>
                  <td>{tp.survey}</td>
                  <td>
                    <select form={form} name="service" aria-label={t('admin.touchpoint.service')}>
                      <Options items={services} selected={tp.serviceId} blank={t('admin.none')} />
                    </select>
                  </td>
                  <td>
                    <a href={`/s/${tp.code}`}>/s/{tp.code}</a> · <a href={`/qr/${tp.code}.svg`}>QR SVG</a> · <a href={`/qr/${tp.code}.png`}>QR PNG</a> ·{' '}
                    <a href={`/poster/${tp.code}`}>{t('admin.touchpoint.poster')}</a>
                  </td>
                  <td>
                    <input form={form} type="date" name="retired_on" value={tp.retiredOn ?? ''} aria-label={t('admin.touchpoint.retired_on')} />
                  </td>
                  <td>
                    <input form={form} type="checkbox" name="kiosk" value="1" checked={tp.kiosk} aria-label={`${t('admin.touchpoint.kiosk')}: ${tp.label}`} />
                  </td>
                  {p.user.admin ? (
                    <td>
                      <input form={form} type="number" name="rate_limit_per_minute" min={1} max={600} value={tp.rateLimit ?? ''} placeholder={t('admin.touchpoint.rate_limit_default')} aria-label={t('admin.touchpoint.rate_limit')} />
                    </td>
                  ) : null}
                  <td>
                    <RowSaveForm id={form} action={`/admin/touchpoints/${tp.id}`} t={t} />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p>{t('admin.touchpoints.empty')}</p>
      )}
      <p class="hint">{t('admin.touchpoints.retire_help')}</p>
      <Kiosks {...p} />
      <h2>{t('admin.touchpoints.create')}</h2>
      <form class="filters" method="post" action="/admin/touchpoints">
        <label>
          {t('admin.unit.unit')}
          <select name="unit">
            <Options items={p.units.map((u) => ({ value: u.id, label: indentedName(u) }))} selected={p.unit.id} />
          </select>
        </label>
        <label>
          {t('admin.touchpoint.label')}
          <input name="label" required maxLength={200} />
        </label>
        <label>
          {t('admin.touchpoint.survey')}
          <select name="survey" required>
            <Options items={p.surveys.map((s) => ({ value: s.id, label: s.title }))} />
          </select>
        </label>
        <label>
          {t('admin.touchpoint.service')}
          <select name="service">
            <Options items={services} blank={t('admin.none')} />
          </select>
        </label>
        <button type="submit">{t('admin.create')}</button>
      </form>
    </AdminFrame>
  )
}

/** Each kiosk touchpoint: its tablet page, the form to pair a tablet by the code it shows, and its tablets with a way to revoke them. */
function Kiosks(p: { t: AdminFrameProps['t']; unit: { id: number }; touchpoints: TouchpointRow[]; devices: DeviceRow[] }) {
  const { t } = p
  const kiosks = p.touchpoints.filter((tp) => tp.kiosk && !tp.retired)
  if (!kiosks.length) return null
  const when = (iso: string) => iso.slice(0, 16).replace('T', ' ')
  return (
    <>
      <h2>{t('admin.kiosk.title')}</h2>
      <p class="hint">{t('admin.kiosk.help')}</p>
      {kiosks.map((tp) => {
        const devices = p.devices.filter((d) => d.touchpointId === tp.id)
        return (
          <section class="kiosk-admin" aria-labelledby={`kiosk-${tp.id}`}>
            <h3 id={`kiosk-${tp.id}`}>
              {tp.label} — <a href={`/k/${tp.code}`}>/k/{tp.code}</a>
            </h3>
            <form class="filters" method="post" action={`/admin/touchpoints/${tp.id}/pair?unit=${p.unit.id}`}>
              <label>
                {t('admin.kiosk.code')}
                <input name="code" required maxLength={20} autoComplete="off" />
              </label>
              <button type="submit">{t('admin.kiosk.pair')}</button>
            </form>
            {devices.length ? (
              <ul>
                {devices.map((d) => (
                  <li>
                    {t('admin.kiosk.device', { code: d.code.toUpperCase() })}
                    {d.pairedAt ? ` · ${t('admin.kiosk.paired_at', { at: when(d.pairedAt) })}` : ''}
                    {d.lastSeenAt ? ` · ${t('admin.kiosk.last_seen', { at: when(d.lastSeenAt) })}` : ''}
                    {d.status === 'revoked' ? (
                      ` · ${t('admin.kiosk.revoked')}`
                    ) : (
                      <form method="post" action={`/admin/touchpoints/${tp.id}/devices/${d.id}/revoke?unit=${p.unit.id}`} class="inline">
                        {' '}
                        <button type="submit">{t('admin.kiosk.revoke')}</button>
                      </form>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('admin.kiosk.none')}</p>
            )}
          </section>
        )
      })}
    </>
  )
}
