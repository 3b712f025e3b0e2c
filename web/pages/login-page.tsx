import type { Translate } from '../i18n/messages.ts'
import { StaffLayout } from './staff-layout.tsx'

export function LoginPage(props: { t: Translate; lang: string; next: string; error?: string; username?: string }) {
  const { t } = props
  return (
    <StaffLayout t={t} lang={props.lang} title={t('login.title')}>
      <form class="login" method="post" action="/login">
        <h1>{t('login.title')}</h1>
        {props.error ? (
          <p class="err" role="alert">
            {props.error}
          </p>
        ) : null}
        <input type="hidden" name="next" value={props.next} />
        <label for="username">{t('login.username')}</label>
        <input id="username" name="username" autoComplete="username" required value={props.username ?? ''} />
        <label for="password">{t('login.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit">{t('login.submit')}</button>
      </form>
    </StaffLayout>
  )
}
