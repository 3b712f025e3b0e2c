/**
 * The frame of staff pages. Its stylesheet and scripts are never loaded on a
 * citizen's survey page.
 */
import type { ComponentChildren } from 'preact'
import type { Translate } from '../i18n/messages.ts'

export function StaffLayout(props: { t: Translate; lang: string; title: string; user?: string | null; children: ComponentChildren }) {
  const { t } = props
  return (
    <html lang={props.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — hailong`}</title>
        <link rel="stylesheet" href="/static/staff.css" />
      </head>
      <body>
        <div class="top">
          <a href="/dashboard">{t('app.name')}</a>
          {props.user ? (
            <form method="post" action="/logout">
              <span>{props.user} </span>
              <button type="submit">{t('login.logout')}</button>
            </form>
          ) : null}
        </div>
        <main>{props.children}</main>
      </body>
    </html>
  )
}
