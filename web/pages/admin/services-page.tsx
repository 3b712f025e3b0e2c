/** Services (administrative procedures, health and school services), for administrators. */
import { SECTORS } from '../../../server/domain/survey-types.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { AdminFrame, Options, RowSaveForm, type AdminFrameProps } from './admin-frame.tsx'

export interface ServiceRow {
  id: number
  name: string
  sector: string
  code: string | null
}

export function ServicesPage(p: AdminFrameProps & { services: ServiceRow[] }) {
  const { t } = p
  const sectors = SECTORS.map((s) => ({ value: s, label: t(`admin.sector.${s}` as MessageKey) }))
  return (
    <AdminFrame {...p} tab="services" title={t('admin.services.title')}>
      {p.services.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('admin.service.name')}</th>
              <th>{t('admin.unit.sector')}</th>
              <th>{t('admin.service.code')}</th>
              <th>{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {p.services.map((s) => {
              // One form a row: the inputs sit in the row's cells and name their form.
              const form = `service-${s.id}`
              return (
                <tr>
                  <td>
                    <input form={form} name="name" required maxLength={200} value={s.name} aria-label={t('admin.service.name')} />
                  </td>
                  <td>
                    <select form={form} name="sector" aria-label={t('admin.unit.sector')}>
                      <Options items={sectors} selected={s.sector} />
                    </select>
                  </td>
                  <td>
                    <input form={form} name="code" maxLength={60} value={s.code ?? ''} aria-label={t('admin.service.code')} />
                  </td>
                  <td>
                    <RowSaveForm id={form} action={`/admin/services/${s.id}`} t={t} />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p>{t('admin.services.empty')}</p>
      )}
      <h2>{t('admin.services.create')}</h2>
      <form class="filters" method="post" action="/admin/services">
        <label>
          {t('admin.service.name')}
          <input name="name" required maxLength={200} />
        </label>
        <label>
          {t('admin.unit.sector')}
          <select name="sector" required>
            <Options items={sectors} />
          </select>
        </label>
        <label>
          {t('admin.service.code')}
          <input name="code" maxLength={60} />
        </label>
        <button type="submit">{t('admin.create')}</button>
      </form>
    </AdminFrame>
  )
}
