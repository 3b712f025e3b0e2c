/**
 * /admin/users/{id}: one account. Its details (name, administrator,
 * disabled), its roles on units with a picker to add one, and a password
 * reset that shows a generated password once.
 */
import type { UserJson } from '../../../server/auth/accounts.ts'
import type { MessageKey, Translate } from '../../i18n/messages.ts'
import { AdminFrame } from '../admin/admin-frame.tsx'
import type { StaffUser } from '../staff-layout.tsx'
import { dayOf } from '../users-page.tsx'
import { GeneratedPassword, RoleSelect, UnitSelect, withLang, type UnitOption } from './parts.tsx'

export interface UserPageProps {
  t: Translate
  lang: string
  user: StaffUser
  account: UserJson
  units: UnitOption[]
  done?: string | null
  error?: string | null
  generatedPassword?: string | null
}

export function UserPage(p: UserPageProps) {
  const { t, account: a } = p
  const base = `/admin/users/${a.id}`
  return (
    <AdminFrame t={t} lang={p.lang} user={p.user} tab="users" title={a.display_name ? `${a.display_name} (${a.username})` : a.username} flash={{ ok: p.done ?? undefined, err: p.error ?? undefined }}>
      <p>
        <a href={withLang('/admin/users', p.lang)}>{t('users.back')}</a>
      </p>
      {p.generatedPassword ? <GeneratedPassword t={t} username={a.username} password={p.generatedPassword} /> : null}
      <p>
        {t('users.col.created')}: {dayOf(a.created_at)} · {t('users.col.password_changed')}: {dayOf(a.password_changed_at) ?? t('users.never')}
      </p>

      <h2 id="details">{t('users.edit.title')}</h2>
      <form class="account-form" method="post" action={withLang(base, p.lang)} aria-labelledby="details">
        <label for="display_name">{t('users.col.name')}</label>
        <input id="display_name" name="display_name" maxLength={200} value={a.display_name ?? ''} />
        <label class="check">
          <input type="checkbox" name="admin" value="1" checked={a.admin} /> {t('users.admin')}
        </label>
        <label class="check">
          <input type="checkbox" name="disabled" value="1" checked={a.disabled} /> {t('users.disabled')}
        </label>
        <button type="submit">{t('users.edit.submit')}</button>
      </form>

      <h2 id="grants">{t('users.grants.title')}</h2>
      {a.grants.length ? (
        <table class="grants">
          <thead>
            <tr>
              <th scope="col">{t('users.unit')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {a.grants.map((g) => (
              <tr data-unit={String(g.unit)}>
                <td>{g.unit_name}</td>
                <td>{t(`account.role.${g.role}` as MessageKey)}</td>
                <td>
                  <form method="post" action={withLang(`${base}/grants/${g.unit}/delete`, p.lang)}>
                    <button type="submit">{t('users.grants.remove')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('users.grants.none')}</p>
      )}
      <form class="filters" method="post" action={withLang(`${base}/grants`, p.lang)} aria-label={t('users.grants.add')}>
        <label>
          {t('users.unit')}
          <UnitSelect t={t} id="grant-unit" units={p.units} />
        </label>
        <label>
          {t('users.role')}
          <RoleSelect t={t} id="grant-role" />
        </label>
        <button type="submit">{t('users.grants.add')}</button>
      </form>

      <h2 id="reset">{t('users.reset.title')}</h2>
      <form class="account-form" method="post" action={withLang(`${base}/password`, p.lang)} aria-labelledby="reset">
        <label for="reset-password">{t('users.reset.password')}</label>
        <input id="reset-password" name="password" type="password" autoComplete="new-password" />
        <p class="hint">{t('users.reset.note')}</p>
        <button type="submit">{t('users.reset.submit')}</button>
      </form>
    </AdminFrame>
  )
}
