/**
 * Counter tablets: the kiosk page of a touchpoint (/k/{code}) with its web
 * app manifest, service worker and stylesheet, and the pairing of tablets to
 * touchpoints — asked for by the tablet, confirmed by the touchpoint's
 * managers or an administrator on the touchpoint's page or through the API,
 * and revoked there.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { kioskQuestion } from '../domain/kiosk-survey.ts'
import { local } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { createPairing, listDevices, normalisePairCode, pairDevice, pairingOf, revokeDevice, type KioskDevice } from '../store/kiosk-devices.ts'
import type { TouchpointView } from '../store/touchpoints.ts'
import { citizenCss, islandScript } from '../../web/assets.ts'
import { CATALOGUES, DEFAULT_LANG, translator } from '../../web/i18n/messages.ts'
import { KioskPage } from '../../web/pages/kiosk-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import { manageableTouchpoint } from './admin-actions.ts'
import { formAction, readForm, text } from './admin-forms.ts'
import { idParam } from './admin-json.ts'
import { audit } from './audit.ts'
import { requireLoginPage, requireUser } from './auth.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { jsonBody } from './json-body.ts'
import { DEVICE_HEADER } from './kiosk-device.ts'
import { guardPairing } from './rate-limit.ts'
import { requireTouchpoint } from './require-touchpoint.ts'
import { fromRoot } from '../paths.ts'

type C = Context<AppEnv>

export const pairBody = z.object({ code: z.string().min(1).max(20).describe('The code the tablet shows (case, spaces and dashes do not matter)') }).strict()

/** How often an unpaired tablet asks whether staff have entered its code. */
const POLL_MS = 3000
/** The thank-you screen stays this long before the next citizen's start screen. */
const RETURN_MS = 5000
/** When every pairing slot is taken, a slot frees as codes expire (kiosk-devices.ts): ask again in a minute. */
const PAIRING_BUSY_RETRY_SECONDS = 60
/** A citizen who chose a face and then does nothing for this long has their answer sent as it is. */
const IDLE_MS = 30_000

let kioskCss: string | undefined
/** The citizen stylesheet and the kiosk's own, one file the service worker keeps for offline starts. */
const stylesheet = () => (kioskCss ??= `${citizenCss()}\n${readFileSync(fromRoot('web/styles/kiosk.css'), 'utf8')}`)

export const deviceJson = (d: KioskDevice) => ({ id: d.id, code: d.code.toUpperCase(), status: d.status, paired_at: d.pairedAt, last_seen_at: d.lastSeenAt })

export function kioskRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  /** A touchpoint set to kiosk, or 404 `not_kiosk` (its phone survey at /s/ is another matter). */
  const kioskTouchpoint = async (raw: string): Promise<TouchpointView> => {
    const tp = await requireTouchpoint(deps.db, deps.dialect, raw, 'page')
    if (!tp.kiosk) throw new AppError(404, 'not_kiosk')
    return tp
  }

  const pageLang = (c: C, langs: string[]) => {
    const asked = c.req.query('lang')
    const lang = asked && langs.includes(asked) && CATALOGUES[asked] ? asked : DEFAULT_LANG
    c.set('lang', lang)
    c.set('t', translator(lang))
    return lang
  }

  app.get('/k/sw.js', (c) => {
    const script = islandScript('kiosk-sw')!
    return c.body(script.body, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' })
  })

  app.get('/k/kiosk.css', (c) => c.body(stylesheet(), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }))

  app.get('/k/:code{[A-Za-z0-9]+}', async (c) => {
    const tp = await kioskTouchpoint(c.req.param('code'))
    const survey = deps.surveys.get(tp.survey_id)
    const question = survey && kioskQuestion(survey)
    if (!survey || !question) throw new AppError(404, 'not_kiosk')
    const lang = pageLang(c, survey.languages)
    c.header('cache-control', 'no-store')
    const timing = { pollMs: POLL_MS, returnMs: RETURN_MS, idleMs: IDLE_MS }
    return c.html(renderPage(KioskPage({ t: c.get('t'), lang, code: tp.code, survey, question, unitName: tp.unit_name, label: tp.label, responseId: randomUUID(), timing })))
  })

  app.get('/k/:code{[A-Za-z0-9]+}/manifest.webmanifest', async (c) => {
    const tp = await kioskTouchpoint(c.req.param('code'))
    const survey = deps.surveys.get(tp.survey_id)
    const lang = pageLang(c, survey?.languages ?? [DEFAULT_LANG])
    const manifest = {
      name: `${tp.label} — ${tp.unit_name}`,
      short_name: tp.label.slice(0, 24),
      description: survey ? local(survey.title, lang) : undefined,
      lang,
      start_url: `/k/${tp.code}${lang === DEFAULT_LANG ? '' : `?lang=${lang}`}`,
      scope: '/k/',
      display: 'fullscreen',
      orientation: 'any',
      background_color: '#f6f7f9',
      theme_color: '#0b4f8a',
      icons: [{ src: '/k/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
    }
    return c.body(JSON.stringify(manifest), 200, { 'content-type': 'application/manifest+json; charset=utf-8', 'cache-control': 'no-cache' })
  })

  app.get('/k/icon.svg', (c) =>
    c.body(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" rx="96" fill="#0b4f8a"/><circle cx="256" cy="256" r="150" fill="#fff"/><circle cx="200" cy="220" r="22" fill="#0b4f8a"/><circle cx="312" cy="220" r="22" fill="#0b4f8a"/><path d="M180 300q76 70 152 0" stroke="#0b4f8a" stroke-width="24" fill="none" stroke-linecap="round"/></svg>',
      200,
      { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=86400' },
    ),
  )

  // The tablet's side of pairing: no account, the token is its only proof.
  app.post('/api/v1/kiosk/pairings', async (c) => {
    await guardPairing(c, deps)
    const pairing = await createPairing(deps.db)
    if (!pairing) {
      c.header('retry-after', String(PAIRING_BUSY_RETRY_SECONDS))
      throw new AppError(503, 'pairing_busy', { seconds: PAIRING_BUSY_RETRY_SECONDS })
    }
    return c.json(pairing, 201)
  })

  app.get('/api/v1/kiosk/pairings/:code', async (c) => {
    const code = normalisePairCode(c.req.param('code'))
    const token = c.req.header(DEVICE_HEADER)?.trim()
    const device = code && token ? await pairingOf(deps.db, code, token) : undefined
    if (!device) throw new AppError(404, 'pairing_not_found')
    const tp = device.touchpointId !== null && device.status === 'paired' ? await touchpointCode(device.touchpointId) : null
    return c.json({ code: device.code.toUpperCase(), status: device.status, expires: device.expiresAt, touchpoint: tp })
  })

  const touchpointCode = async (id: number) => (await deps.db.selectFrom('touchpoints').select('code').where('id', '=', id).executeTakeFirst())?.code ?? null

  // The staff side: the touchpoint's managers and administrators.
  const pair = async (c: C, id: number, raw: string | null) => {
    const tp = await manageableTouchpoint(c, deps, id)
    if (!tp.kiosk) throw new AppError(409, 'not_kiosk')
    const code = raw ? normalisePairCode(raw) : null
    if (!code) throw new AppError(404, 'pairing_not_found')
    const out = await pairDevice(deps.db, code, tp.id, c.get('user')!.id)
    if (!out.ok) throw new AppError(out.reason === 'used' ? 409 : 404, out.reason === 'used' ? 'pairing_used' : 'pairing_not_found')
    await audit(deps.db, c, 'kiosk.pair', { type: 'touchpoint', id: tp.id }, { device: out.device.id, code: out.device.code.toUpperCase() })
    return { tp, device: out.device }
  }

  const revoke = async (c: C) => {
    const tp = await manageableTouchpoint(c, deps, idParam(c, 'touchpoint_not_found'))
    const deviceId = idParam(c, 'device_not_found', 'device')
    if (!(await revokeDevice(deps.db, tp.id, deviceId))) throw new AppError(404, 'device_not_found')
    await audit(deps.db, c, 'kiosk.revoke', { type: 'touchpoint', id: tp.id }, { device: deviceId })
    return tp
  }

  app.use('/api/v1/touchpoints/:id/pair', requireUser)
  app.use('/api/v1/touchpoints/:id/devices', requireUser)
  app.use('/api/v1/touchpoints/:id/devices/*', requireUser)

  app.post('/api/v1/touchpoints/:id/pair', async (c) => {
    const id = idParam(c, 'touchpoint_not_found')
    const b = await jsonBody(c, pairBody)
    return c.json(deviceJson((await pair(c, id, b.code)).device), 201)
  })

  app.get('/api/v1/touchpoints/:id/devices', async (c) => {
    const tp = await manageableTouchpoint(c, deps, idParam(c, 'touchpoint_not_found'))
    return c.json({ devices: (await listDevices(deps.db, [tp.id])).map(deviceJson) })
  })

  app.delete('/api/v1/touchpoints/:id/devices/:device', async (c) => {
    await revoke(c)
    return c.body(null, 204)
  })

  const back = (c: C) => {
    const unit = c.req.query('unit')
    return unit && /^\d{1,12}$/.test(unit) ? `/admin/touchpoints?unit=${unit}` : '/admin/touchpoints'
  }

  app.post(
    '/admin/touchpoints/:id/pair',
    requireLoginPage,
    formAction(back, async (c) => {
      const f = await readForm(c)
      const { tp } = await pair(c, idParam(c, 'touchpoint_not_found'), text(f, 'code'))
      return { to: `/admin/touchpoints?unit=${tp.unit_id}`, ok: 'kiosk_paired' }
    }),
  )

  app.post(
    '/admin/touchpoints/:id/devices/:device/revoke',
    requireLoginPage,
    formAction(back, async (c) => {
      const tp = await revoke(c)
      return { to: `/admin/touchpoints?unit=${tp.unit_id}`, ok: 'kiosk_revoked' }
    }),
  )

  return app
}
