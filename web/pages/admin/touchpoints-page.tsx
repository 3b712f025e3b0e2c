/**
 * The touchpoints of a unit's subtree, for its managers and administrators:
 * survey address, QR codes and poster of each, a form to edit or retire it,
 * a form to add one, and the batch print of every poster.
 */
import { AdminFrame, indentedName, Options, type AdminFrameProps } from './admin-frame.tsx'

export interface TouchpointRow {
  id: number
  code: string
  label: string
  unitName: string
  serviceId: number | null
  survey: string
  retiredOn: string | null
  retired: boolean
}

export function TouchpointsPage(
  p: AdminFrameProps & {
    unit: { id: number; name: string }
    units: { id: number; name: string; depth: number }[]
    services: { id: number; name: string }[]
    surveys: { id: string; title: string }[]
    touchpoints: TouchpointRow[]
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
                    <form id={form} method="post" action={`/admin/touchpoints/${tp.id}`}>
                      <button type="submit">{t('admin.save')}</button>
                    </form>
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
