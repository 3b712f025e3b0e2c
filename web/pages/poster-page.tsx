/**
 * The A5 poster for a touchpoint: unit, service, counter, the QR code, a short
 * address to type by hand, and the promise of anonymity. Prints from the
 * browser on A5 with no margins to fiddle with, on one sheet: paragraphs keep
 * no default margins (the flex gap spaces them), or it spills onto a second.
 */
import type { Translate } from '../i18n/messages.ts'
import { translator } from '../i18n/messages.ts'

export interface PosterProps {
  t: Translate
  lang: string
  unitName: string
  serviceName: string | null
  label: string
  qrSvg: string
  shortAddress: string
  languages: string[]
}

const CSS = `@page{size:A5 portrait;margin:10mm}
body{margin:0;font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#111}
p{margin:0}
.poster{width:128mm;min-height:185mm;margin:0 auto;display:flex;flex-direction:column;align-items:center;text-align:center;gap:3mm}
.unit{font-size:18pt;font-weight:700;margin:2mm 0 0}
.service{font-size:13pt;margin:0}
.label{font-size:12pt;margin:0;color:#333}
h1{font-size:17pt;margin:3mm 0 0;color:#0b4f8a}
.qr{width:80mm;height:80mm}
.qr svg{width:100%;height:100%}
.addr{font-size:15pt;font-weight:700;letter-spacing:.5pt;font-family:ui-monospace,Consolas,monospace}
.anon{font-size:11pt;border:1.5pt solid #0b4f8a;border-radius:3mm;padding:2mm 4mm}
.langs{font-size:10pt;color:#333}
@media screen{body{background:#ddd}.poster{background:#fff;padding:10mm;margin:5mm auto;box-shadow:0 0 4mm #999}}`

export function PosterPage(p: PosterProps) {
  return (
    <html lang={p.lang}>
      <head>
        <meta charSet="utf-8" />
        <title>{`${p.unitName} — ${p.label}`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <Poster {...p} />
      </body>
    </html>
  )
}

/** One poster, without its page: the batch print of a unit lays several out, one per sheet. */
export function Poster(p: Omit<PosterProps, 'lang'>) {
  const { t } = p
  const names = p.languages.map((l) => translator(l)(`lang.${l}` as 'lang.vi')).join(' · ')
  return (
    <div class="poster">
      <p class="unit">{p.unitName}</p>
      {p.serviceName ? <p class="service">{p.serviceName}</p> : null}
      <p class="label">{p.label}</p>
      <h1>{t('poster.heading')}</h1>
      <p>{t('poster.scan')}</p>
      <div class="qr" role="img" aria-label={p.shortAddress} dangerouslySetInnerHTML={{ __html: p.qrSvg }} />
      <p>
        {t('poster.type')}
        <br />
        <span class="addr">{p.shortAddress}</span>
      </p>
      <p class="anon">{t('poster.anonymous')}</p>
      <p class="langs">
        {t('poster.languages')}: {names}
      </p>
    </div>
  )
}

export const POSTER_CSS = CSS
