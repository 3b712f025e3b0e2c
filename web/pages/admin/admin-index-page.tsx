/** What this user may manage: administrators everything, managers their subtrees' touchpoints and posters. */
import { AdminFrame, type AdminFrameProps } from './admin-frame.tsx'

export function AdminIndexPage(p: AdminFrameProps & { managed: { id: number; name: string }[] }) {
  const { t } = p
  return (
    <AdminFrame {...p} tab="index" title={t('admin.title')}>
      <ul class="admin-index">
        {p.user.admin ? (
          <>
            <li>
              <a href="/admin/units">{t('admin.units.title')}</a> — {t('admin.units.about')}
            </li>
            <li>
              <a href="/admin/services">{t('admin.services.title')}</a> — {t('admin.services.about')}
            </li>
          </>
        ) : null}
        <li>
          <a href="/admin/touchpoints">{t('admin.touchpoints.title')}</a> — {t('admin.touchpoints.about')}
        </li>
        {p.user.admin ? (
          <>
            <li>
              <a href="/admin/targets">{t('admin.targets.title')}</a> — {t('admin.targets.about')}
            </li>
            <li>
              <a href="/admin/users">{t('admin.users.title')}</a> — {t('admin.users.about')}
            </li>
            <li>
              <a href="/admin/audit">{t('audit.title')}</a> — {t('audit.about')}
            </li>
          </>
        ) : null}
      </ul>
      {p.user.admin ? null : (
        <>
          <h2>{t('admin.index.managed')}</h2>
          <ul>
            {p.managed.map((u) => (
              <li>
                {u.name}: <a href={`/admin/touchpoints?unit=${u.id}`}>{t('admin.touchpoints.title')}</a> · <a href={`/admin/units/${u.id}/posters`}>{t('admin.posters.link')}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </AdminFrame>
  )
}
