/**
 * Every poster of a unit's subtree in one document, one A5 sheet each: the
 * poster page's own stylesheet plus page breaks between posters.
 */
import type { Translate } from '../../i18n/messages.ts'
import { POSTER_CSS, Poster, type PosterProps } from '../poster-page.tsx'

/** Allowed by its hash in the Content-Security-Policy (server/app.ts), like POSTER_CSS. */
export const BATCH_POSTER_CSS = '.poster{break-after:page;break-inside:avoid}.poster:last-child{break-after:auto}'

export function PostersPage(p: { t: Translate; lang: string; unitName: string; posters: Omit<PosterProps, 't' | 'lang'>[] }) {
  return (
    <html lang={p.lang}>
      <head>
        <meta charSet="utf-8" />
        <title>{p.t('admin.posters.title', { unit: p.unitName, count: p.posters.length })}</title>
        <style dangerouslySetInnerHTML={{ __html: POSTER_CSS }} />
        <style dangerouslySetInnerHTML={{ __html: BATCH_POSTER_CSS }} />
      </head>
      <body>
        {p.posters.length ? p.posters.map((poster) => <Poster t={p.t} {...poster} />) : <p>{p.t('admin.posters.none')}</p>}
      </body>
    </html>
  )
}
