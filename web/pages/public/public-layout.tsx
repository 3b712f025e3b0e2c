/**
 * The frame of the public results pages: no login, no staff menu, one
 * stylesheet from /static/public.css and no script at all.
 */
import type { ComponentChildren } from 'preact'
import type { Translate } from '../../i18n/messages.ts'
import { LANGUAGES } from '../../i18n/messages.ts'

export function PublicLayout(props: { t: Translate; lang: string; title: string; href: (lang: string) => string; children: ComponentChildren }) {
  const { t } = props
  return (
    <html lang={props.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${t('public.site')}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/public.css" />
      </head>
      <body>
        <header class="pub-top">
          <a href={`/public?lang=${props.lang}`}>{t('public.site')}</a>
          <nav aria-label={t('lang.switch')}>
            {LANGUAGES.filter((l) => l !== props.lang).map((l) => (
              <a href={props.href(l)} hreflang={l} lang={l}>
                {t(`lang.${l}` as 'lang.vi')}
              </a>
            ))}
          </nav>
        </header>
        <main>{props.children}</main>
        <footer class="pub-foot">
          <p>{t('public.footer')}</p>
        </footer>
      </body>
    </html>
  )
}
