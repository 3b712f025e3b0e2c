/**
 * QR codes (SVG and PNG) and the printable poster of a touchpoint. They encode
 * the public survey address; PNGs are costly (~14 ms each), so they are cached.
 */
import { Hono } from 'hono'
import QRCode from 'qrcode'
import { PosterPage } from '../../web/pages/poster-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { requireTouchpoint } from './require-touchpoint.ts'

const PNG_CACHE_SIZE = 500

export function qrRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const pngs = new Map<string, Buffer>()

  const touchpoint = (raw: string) => requireTouchpoint(deps.db, deps.dialect, raw)
  const surveyUrl = (code: string) => `${deps.config.publicUrl}/s/${code}`
  const svgOf = (code: string) => QRCode.toString(surveyUrl(code), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })

  app.get('/qr/:file{[A-Za-z0-9]+\\.(svg|png)}', async (c) => {
    const file = c.req.param('file')
    const [raw, ext] = file.split('.') as [string, string]
    const tp = await touchpoint(raw)
    c.header('cache-control', 'public, max-age=86400')
    if (ext === 'svg') return c.body(await svgOf(tp.code), 200, { 'content-type': 'image/svg+xml; charset=utf-8' })
    let png = pngs.get(tp.code)
    if (!png) {
      png = await QRCode.toBuffer(surveyUrl(tp.code), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 1024 })
      if (pngs.size >= PNG_CACHE_SIZE) pngs.delete(pngs.keys().next().value!)
      pngs.set(tp.code, png)
    }
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' })
  })

  app.get('/poster/:code', async (c) => {
    const tp = await touchpoint(c.req.param('code'))
    const survey = deps.surveys.get(tp.survey_id)
    const shortAddress = surveyUrl(tp.code).replace(/^https?:\/\//, '')
    const page = PosterPage({
      t: c.get('t'),
      lang: c.get('lang'),
      unitName: tp.unit_name,
      serviceName: tp.service_name,
      label: tp.label,
      qrSvg: await svgOf(tp.code),
      shortAddress,
      languages: survey?.languages ?? ['vi'],
    })
    return c.html(renderPage(page))
  })
  return app
}
