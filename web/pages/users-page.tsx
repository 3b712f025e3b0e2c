/**
 * /admin/users: every account with its roles, and the form to create one
 * with a first role on a unit. Administrators only (checked by the route).
 */
import type { UserJson } from '../../server/auth/accounts.ts'
import { localDay } from '../../server/domain/local-day.ts'
import type { MessageKey, Translate } from '../i18n/messages.ts'
import { AdminFrame } from './admin/admin-frame.tsx'
import type { StaffUser } from './staff-layout.tsx'
import { RoleSelect, UnitSelect, withLang, type UnitOption } from './users/parts.tsx'

export interface NewUserForm {
  username: string
  display_name: string
  admin: boolean
  unit: number | null
  role: string | null
}

export interface UsersPageProps {
  t: Translate
  lang: string
  user: StaffUser
  users: UserJson[]
  units: UnitOption[]
  error?: string | null
  form?: NewUserForm
}

export const dayOf = (iso: string | null) => (iso ? localDay(new Date(iso)) : null)

export function UsersPage(p: UsersPageProps) {
  const { t, form } = p
  return (
    <AdminFrame t={t} lang={p.lang} user={p.user} tab="users" title={t('users.title')} flash={{ err: p.error ?? undefined }}>
      <table class="users">
        <thead>
          <tr>
            <th scope="col">{t('users.col.username')}</th>
            <th scope="col">{t('users.col.name')}</th>
            <th scope="col">{t('users.col.roles')}</th>
            <th scope="col">{t('users.col.state')}</th>
            <th scope="col">{t('users.col.created')}</th>
            <th scope="col">{t('users.col.password_changed')}</th>
          </tr>
        </thead>
        <tbody>
          {p.users.map((u) => (
            <tr data-user={u.username} class={u.disabled ? 'disabled' : undefined}>
              <td>
                <a href={withLang(`/admin/users/${u.id}`, p.lang)}>{u.username}</a>
              </td>
              <td>{u.display_name ?? ''}</td>
              <td>
                <ul class="roles">
                  {u.admin ? <li>{t('account.role.admin')}</li> : null}
                  {u.grants.map((g) => (
                    <li>{`${t(`account.role.${g.role}` as MessageKey)}: ${g.unit_name}`}</li>
                  ))}
                </ul>
              </td>
              <td>{t(u.disabled ? 'users.state.disabled' : 'users.state.active')}</td>
              <td>{dayOf(u.created_at)}</td>
              <td>{dayOf(u.password_changed_at) ?? t('users.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="create">{t('users.create.title')}</h2>
      <form class="account-form" method="post" action={withLang('/admin/users', p.lang)} aria-labelledby="create">
        <label for="username">{t('users.col.username')}</label>
        <input id="username" name="username" required maxLength={64} autoComplete="off" value={form?.username ?? ''} />
        <label for="display_name">{t('users.col.name')}</label>
        <input id="display_name" name="display_name" maxLength={200} value={form?.display_name ?? ''} />
        <label for="password">{t('users.create.password')}</label>
        <input id="password" name="password" type="password" autoComplete="new-password" />
        <label class="check">
          <input type="checkbox" name="admin" value="1" checked={form?.admin} /> {t('users.admin')}
        </label>
        <label for="unit">{t('users.unit')}</label>
        <UnitSelect t={t} id="unit" units={p.units} optional selected={form?.unit} />
        <label for="role">{t('users.role')}</label>
        <RoleSelect t={t} id="role" selected={form?.role} />
        <button type="submit">{t('users.create.submit')}</button>
      </form>
    </AdminFrame>
  )
}
