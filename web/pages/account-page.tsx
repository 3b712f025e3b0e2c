/**
 * /account: the signed-in user's roles and the form to change their password.
 */
import type { UserJson } from '../../server/auth/accounts.ts'
import { MIN_PASSWORD_LENGTH } from '../../server/domain/password-policy.ts'
import type { MessageKey, Translate } from '../i18n/messages.ts'
import { StaffLayout, type StaffUser } from './staff-layout.tsx'
import { Notice, withLang } from './users/parts.tsx'

export interface AccountPageProps {
  t: Translate
  lang: string
  user: StaffUser
  me: UserJson
  done?: string | null
  error?: string | null
}

export function AccountPage(p: AccountPageProps) {
  const { t, me } = p
  return (
    <StaffLayout t={t} lang={p.lang} title={t('account.title')} user={p.user} current="account">
      <h1>{t('account.title')}</h1>
      <Notice done={p.done} error={p.error} />
      <dl class="account">
        <dt>{t('account.username')}</dt>
        <dd>{me.username}</dd>
        {me.display_name ? (
          <>
            <dt>{t('account.display_name')}</dt>
            <dd>{me.display_name}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t('account.roles')}</h2>
      <ul class="roles" data-roles>
        {me.admin ? <li>{t('account.admin_scope')}</li> : null}
        {me.grants.map((g) => (
          <li data-unit={String(g.unit)}>
            <strong>{`${t(`account.role.${g.role}` as MessageKey)}: ${g.unit_name}`}</strong> — {t(`account.role.${g.role}_scope` as MessageKey)}
          </li>
        ))}
        {!me.admin && !me.grants.length ? <li>{t('account.no_roles')}</li> : null}
      </ul>

      <h2 id="password">{t('account.password.title')}</h2>
      <form class="account-form" method="post" action={withLang('/account/password', p.lang)} aria-labelledby="password">
        <input type="text" name="username" value={me.username} autoComplete="username" hidden />
        <label for="current">{t('account.password.current')}</label>
        <input id="current" name="current" type="password" autoComplete="current-password" required />
        <label for="new-password">{t('account.password.new')}</label>
        <input id="new-password" name="password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} aria-describedby="password-hint" />
        <p id="password-hint" class="hint">
          {t('account.password.hint', { min: MIN_PASSWORD_LENGTH })}
        </p>
        <label for="confirm">{t('account.password.confirm')}</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />
        <button type="submit">{t('account.password.submit')}</button>
      </form>
    </StaffLayout>
  )
}
