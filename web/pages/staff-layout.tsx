/**
 * The frame of staff pages: the menu for the signed-in user's role. Its
 * stylesheet and scripts are never loaded on a citizen's survey page. The
 * menu only spares people dead ends; every route checks access itself.
 */
import type { ComponentChildren } from 'preact'
import type { MessageKey, Translate } from '../i18n/messages.ts'

export interface StaffUser {
  name: string
  admin: boolean
  /** Manages at least one subtree (or is an administrator). */
  manager: boolean
}

export type StaffSection = 'dashboard' | 'province' | 'comments' | 'admin' | 'account'

const MENU: { section: StaffSection; href: string; label: MessageKey; show: (u: StaffUser) => boolean }[] = [
  { section: 'dashboard', href: '/dashboard', label: 'nav.dashboard', show: () => true },
  { section: 'province', href: '/province', label: 'nav.province', show: () => true },
  { section: 'comments', href: '/comments', label: 'nav.comments', show: () => true },
  { section: 'admin', href: '/admin', label: 'nav.admin', show: (u) => u.manager },
  { section: 'account', href: '/account', label: 'nav.account', show: () => true },
]

export function StaffLayout(props: { t: Translate; lang: string; title: string; user?: StaffUser | null; current?: StaffSection; children: ComponentChildren }) {
  const { t, user } = props
  return (
    <html lang={props.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — hailong`}</title>
        <link rel="stylesheet" href="/static/staff.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <div class="top">
          <a href="/dashboard">{t('app.name')}</a>
          {user ? (
            <nav aria-label={t('nav.label')}>
              {MENU.filter((m) => m.show(user)).map((m) => (
                <a href={m.href} aria-current={props.current === m.section ? 'page' : undefined}>
                  {t(m.label)}
                </a>
              ))}
            </nav>
          ) : null}
          {user ? (
            <form method="post" action="/logout">
              <span>{user.name} </span>
              <button type="submit">{t('login.logout')}</button>
            </form>
          ) : null}
        </div>
        <main id="main">{props.children}</main>
      </body>
    </html>
  )
}
