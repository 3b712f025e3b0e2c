/**
 * The frame of every citizen page: tiny, inline CSS (no extra request on a
 * weak connection), and at most one deferred script that the page works without.
 */
import type { ComponentChildren } from 'preact'
import type { Translate } from '../i18n/messages.ts'
import { citizenCss } from '../assets.ts'

export function CitizenLayout(props: { lang: string; title: string; t: Translate; script?: string; children: ComponentChildren; header?: ComponentChildren }) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {/* No favicon request: one round trip less on a weak connection. */}
        <link rel="icon" href="data:," />
        <style dangerouslySetInnerHTML={{ __html: citizenCss() }} />
        {props.script ? <script src={props.script} defer /> : null}
      </head>
      <body>
        {props.header ? <header>{props.header}</header> : null}
        <main>{props.children}</main>
      </body>
    </html>
  )
}

/** Links to the same page in the other languages the survey offers. */
export function LanguageLinks(props: { langs: string[]; current: string; href: (lang: string) => string; t: Translate }) {
  const others = props.langs.filter((l) => l !== props.current)
  if (!others.length) return null
  return (
    <nav class="langs" aria-label={props.t('lang.switch')}>
      {others.map((l) => (
        <a href={props.href(l)} hreflang={l} lang={l}>
          {props.t(`lang.${l}` as 'lang.vi')}
        </a>
      ))}
    </nav>
  )
}
