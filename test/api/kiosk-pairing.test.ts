/**
 * Counter tablets: a touchpoint becomes a kiosk, a tablet asks for a pairing
 * code, the unit's manager (and nobody outside it) enters the code, and from
 * then on the tablet's token dates its queued answers — within a sane window,
 * and only for its own touchpoint. Without the token (a stolen URL, a revoked
 * tablet) answered_at is ignored and the answer counts when it arrives.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../server/domain/local-day.ts'
import { PAIRING_LIMITS } from '../../server/http/rate-limit.ts'
import { MAX_WAITING_PAIRINGS } from '../../server/store/kiosk-devices.ts'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
let manager: string
let otherManager: string
let viewer: string
const ids: Record<string, number> = {}
let kiosk: { id: number; code: string }
let other: { id: number; code: string }

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(srv.url + path, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : null }
}
const as = (cookie: string) => ({ cookie })
const device = (token: string) => ({ 'x-hailong-device': token })

/** A tablet of its own (a client of its own, for the pairing limits: they have their own test). */
async function newPairing(): Promise<{ code: string; token: string; expires: string }> {
  const res = await call('POST', '/api/v1/kiosk/pairings', undefined, { 'user-agent': randomUUID() })
  expect(res.status).toBe(201)
  return res.body
}

/** Posts one answer dated `answeredAt`, and returns the stored row. */
async function answer(touchpoint: string, answeredAt: string | undefined, headers: Record<string, string> = {}) {
  const id = randomUUID()
  // Each call its own client (the rate limits count by address and browser): the limits have their own test.
  const res = await call('POST', '/api/v1/responses', { id, touchpoint, answers: { overall: 2 }, ...(answeredAt ? { answered_at: answeredAt } : {}) }, { 'user-agent': randomUUID(), ...headers })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await srv.hl.writer.drain()
  return srv.hl.store.db.selectFrom('responses').select(['day', 'received_at', 'channel']).where('uid', '=', id).executeTakeFirstOrThrow()
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000)

beforeAll(async () => {
  // With the rate limits on: how they treat a paired tablet is part of what is tested.
  srv = await startServer({ env: { HAILONG_RATE_LIMIT: '1' } })
  admin = await srv.login()
  const post = async (path: string, body: object) => (await call('POST', path, body, as(admin))).body
  ids.province = (await post('/api/v1/units', { name: 'Tỉnh Thử', type: 'province' })).id
  ids.mine = (await post('/api/v1/units', { name: 'Xã Của Tôi', type: 'commune', sector: 'administrative', parent: ids.province })).id
  ids.other = (await post('/api/v1/units', { name: 'Xã Khác', type: 'commune', sector: 'administrative', parent: ids.province })).id
  kiosk = await post('/api/v1/touchpoints', { unit: ids.mine, survey: 'counter-rating', label: 'Quầy 1' })
  other = await post('/api/v1/touchpoints', { unit: ids.other, survey: 'counter-rating', label: 'Quầy 1' })
  manager = await staffCookie(srv, 'manager-k', [{ unit: ids.mine!, role: 'manager' }])
  viewer = await staffCookie(srv, 'viewer-k', [{ unit: ids.mine!, role: 'viewer' }])
  otherManager = await staffCookie(srv, 'manager-other', [{ unit: ids.other!, role: 'manager' }])
})
afterAll(() => srv.close())

describe('kiosk touchpoints and pairing', () => {
  it('the kiosk page exists only once a manager sets the touchpoint to kiosk; a viewer cannot', async () => {
    expect((await call('GET', `/k/${kiosk.code}`)).status).toBe(404)
    expect((await call('PATCH', `/api/v1/touchpoints/${kiosk.id}`, { kiosk: true }, as(viewer))).status).toBe(403)
    expect((await call('PATCH', `/api/v1/touchpoints/${kiosk.id}`, { kiosk: true }, as(otherManager))).status).toBe(403)
    const set = await call('PATCH', `/api/v1/touchpoints/${kiosk.id}`, { kiosk: true }, as(manager))
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ kiosk: true, urls: { kiosk: expect.stringMatching(new RegExp(`/k/${kiosk.code}$`)) } })
    const page = await fetch(`${srv.url}/k/${kiosk.code}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toMatch(/worker-src 'self'.*manifest-src 'self'/)
    const html = await page.text()
    expect(html).toContain(`href="/k/${kiosk.code}/manifest.webmanifest"`)
    expect(html).toContain('src="/static/kiosk.js"')

    const manifest = await call('GET', `/k/${kiosk.code}/manifest.webmanifest`)
    expect(manifest.body).toMatchObject({ start_url: `/k/${kiosk.code}`, scope: '/k/', display: 'fullscreen' })
    const sw = await fetch(`${srv.url}/k/sw.js`)
    expect(sw.status).toBe(200)
    expect(sw.headers.get('content-type')).toMatch(/javascript/)
  })

  it('a survey with further required questions cannot be a kiosk (409)', async () => {
    // SIPAS's first item is rated, but this check is about the rule: make one whose second item is required.
    const tp = (await call('POST', '/api/v1/touchpoints', { unit: ids.mine, survey: 'counter-rating', label: 'Quầy 2' }, as(admin))).body
    const def = srv.hl.surveys.get('counter-rating')!
    const saved = def.sections[0]!.items[1]!.required
    try {
      ;(def.sections[0]!.items[1] as { required: boolean }).required = true
      const res = await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { kiosk: true }, as(admin))
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('kiosk_unsuitable')
    } finally {
      ;(def.sections[0]!.items[1] as { required: boolean }).required = saved
    }
  })

  it('pairs a tablet: waiting, then entered by the manager, then paired; the code works once and only for managers of the unit', async () => {
    const p = await newPairing()
    expect(p.code).toMatch(/^[a-z0-9]{6}$/i)
    expect(p.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Date.parse(p.expires)).toBeGreaterThan(Date.now())
    // The token is not stored: only its hash.
    const stored = await srv.hl.store.db.selectFrom('kiosk_devices').selectAll().where('pair_code', '=', p.code).executeTakeFirstOrThrow()
    expect(JSON.stringify(stored)).not.toContain(p.token)

    const status = () => call('GET', `/api/v1/kiosk/pairings/${p.code}`, undefined, device(p.token))
    expect((await status()).body).toMatchObject({ status: 'waiting', touchpoint: null })
    // Someone who read the code off the screen learns nothing without the token.
    expect((await call('GET', `/api/v1/kiosk/pairings/${p.code}`)).status).toBe(404)
    expect((await call('GET', `/api/v1/kiosk/pairings/${p.code}`, undefined, device('x'.repeat(43)))).status).toBe(404)

    for (const cookie of [viewer, otherManager]) expect((await call('POST', `/api/v1/touchpoints/${kiosk.id}/pair`, { code: p.code }, as(cookie))).status).toBe(403)
    expect((await call('POST', `/api/v1/touchpoints/${kiosk.id}/pair`, { code: p.code })).status).toBe(401)
    expect((await call('POST', `/api/v1/touchpoints/${other.id}/pair`, { code: p.code }, as(admin))).body.error.code).toBe('not_kiosk')
    expect((await call('POST', `/api/v1/touchpoints/${kiosk.id}/pair`, { code: 'zzzzzz' }, as(manager))).body.error.code).toBe('pairing_not_found')

    // Typed as read off the screen: upper case, a space in the middle.
    const typed = `${p.code.slice(0, 3).toUpperCase()} ${p.code.slice(3).toUpperCase()}`
    const paired = await call('POST', `/api/v1/touchpoints/${kiosk.id}/pair`, { code: typed }, as(manager))
    expect(paired.status).toBe(201)
    expect(paired.body).toMatchObject({ code: p.code.toUpperCase(), status: 'paired' })
    expect((await status()).body).toMatchObject({ status: 'paired', touchpoint: kiosk.code })
    const logged = await srv.hl.store.db.selectFrom('audit_log').select(['username', 'target_id']).where('action', '=', 'kiosk.pair').execute()
    expect(logged).toEqual([{ username: 'manager-k', target_id: String(kiosk.id) }])

    const again = await call('POST', `/api/v1/touchpoints/${kiosk.id}/pair`, { code: p.code }, as(admin))
    expect([again.status, again.body.error.code]).toEqual([409, 'pairing_used'])
    const list = await call('GET', `/api/v1/touchpoints/${kiosk.id}/devices`, undefined, as(manager))
    expect(list.body.devices.map((d: { code: string; status: string }) => [d.code, d.status])).toEqual([[p.code.toUpperCase(), 'paired']])
    expect((await call('GET', `/api/v1/touchpoints/${kiosk.id}/devices`, undefined, as(otherManager))).status).toBe(403)
  })

  it('an expired code cannot be entered', async () => {
    const p = await newPairing()
    await srv.hl.store.db.updateTable('kiosk_devices').set({ pair_expires_at: new Date(Date.now() - 1000).toISOString() }).where('pair_code', '=', p.code).execute()
    expect((await call('GET', `/api/v1/kiosk/pairings/${p.code}`, undefined, device(p.token))).body.status).toBe('expired')
    expect((await call('POST', `/api/v1/touchpoints/${kiosk.id}/pair`, { code: p.code }, as(admin))).body.error.code).toBe('pairing_not_found')
  })

  it('answered_at dates an answer only from a paired tablet of that touchpoint, within 30 days; otherwise the arrival counts', async () => {
    const p = await newPairing()
    expect((await call('POST', `/api/v1/touchpoints/${kiosk.id}/pair`, { code: p.code }, as(admin))).status).toBe(201)
    const today = localDay(new Date())
    const twoDaysAgo = daysAgo(2)

    const dated = await answer(kiosk.code, twoDaysAgo.toISOString(), device(p.token))
    expect(dated).toEqual({ day: localDay(twoDaysAgo), received_at: twoDaysAgo.toISOString(), channel: 'kiosk' })
    // An offset time is the same instant.
    const withOffset = new Date(twoDaysAgo.getTime() + 7 * 3600_000).toISOString().replace('Z', '+07:00')
    expect((await answer(kiosk.code, withOffset, device(p.token))).received_at).toBe(twoDaysAgo.toISOString())

    // No token, a made-up token, or the token on another touchpoint: answered_at is ignored.
    for (const [code, headers] of [[kiosk.code, {}], [kiosk.code, device('y'.repeat(43))], [other.code, device(p.token)]] as const) {
      const row = await answer(code, twoDaysAgo.toISOString(), headers)
      expect(row.day).toBe(today)
      expect(row.channel).toBe('api')
    }
    // Too old, or in the future: not credible, the arrival counts.
    for (const at of [daysAgo(31), new Date(Date.now() + 3600_000)]) expect((await answer(kiosk.code, at.toISOString(), device(p.token))).day).toBe(today)
    // Not a time at all: refused like any malformed field.
    const bad = await call('POST', '/api/v1/responses', { id: randomUUID(), touchpoint: kiosk.code, answers: { overall: 2 }, answered_at: 'yesterday' }, device(p.token))
    expect([bad.status, bad.body.error.code]).toEqual([422, 'invalid_body'])

    // Revoked: the same token is an ordinary client again.
    const [dev] = (await call('GET', `/api/v1/touchpoints/${kiosk.id}/devices`, undefined, as(admin))).body.devices.filter((d: { code: string }) => d.code === p.code.toUpperCase())
    expect((await call('DELETE', `/api/v1/touchpoints/${kiosk.id}/devices/${dev.id}`, undefined, as(otherManager))).status).toBe(403)
    expect((await call('DELETE', `/api/v1/touchpoints/${kiosk.id}/devices/${dev.id}`, undefined, as(manager))).status).toBe(204)
    expect((await call('DELETE', `/api/v1/touchpoints/${kiosk.id}/devices/${dev.id}`, undefined, as(manager))).status).toBe(404)
    expect((await call('GET', `/api/v1/kiosk/pairings/${p.code}`, undefined, device(p.token))).body.status).toBe('revoked')
    expect(await answer(kiosk.code, twoDaysAgo.toISOString(), device(p.token))).toMatchObject({ day: today, channel: 'api' })
  })

  it('a paired tablet serves a queue of citizens; the same address without its token is held to one citizen\'s limits', async () => {
    const p = await newPairing()
    expect((await call('POST', `/api/v1/touchpoints/${kiosk.id}/pair`, { code: p.code }, as(admin))).status).toBe(201)
    const send = (headers: Record<string, string>) => call('POST', '/api/v1/responses', { id: randomUUID(), touchpoint: kiosk.code, answers: { overall: 1 } }, headers).then((r) => r.status)
    const paired: number[] = []
    const unpaired: number[] = []
    for (let i = 0; i < 10; i++) paired.push(await send({ 'user-agent': 'counter-tablet', ...device(p.token) }))
    for (let i = 0; i < 10; i++) unpaired.push(await send({ 'user-agent': 'stolen-url' }))
    expect(paired).toEqual(Array(10).fill(201))
    expect(unpaired.slice(0, 3)).toEqual([201, 201, 201])
    expect(unpaired).toContain(429)
  })

  it('one client asks for a few codes a minute at most: then 429 pairing_limited, with Retry-After, in its language', async () => {
    const ask = (ua: string, lang = 'vi') => fetch(srv.url + '/api/v1/kiosk/pairings', { method: 'POST', headers: { 'user-agent': ua, 'accept-language': lang } })
    const before = await srv.hl.store.db.selectFrom('kiosk_devices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const got: number[] = []
    for (let i = 0; i < PAIRING_LIMITS.clientPerMinute; i++) got.push((await ask('reloading-tablet')).status)
    expect(got).toEqual(Array(PAIRING_LIMITS.clientPerMinute).fill(201))
    for (const lang of ['vi', 'en']) {
      const refused = await ask('reloading-tablet', lang)
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      const { error } = await refused.json()
      expect(error.code).toBe('pairing_limited')
      expect(error.message).toMatch(lang === 'vi' ? /mã ghép nối quá nhiều lần/ : /asked for pairing codes too often/)
    }
    // Refused requests store nothing; another tablet is not held back.
    const after = await srv.hl.store.db.selectFrom('kiosk_devices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n) - Number(before.n)).toBe(PAIRING_LIMITS.clientPerMinute)
    expect((await ask('another-tablet')).status).toBe(201)
  })

  it(`no more than ${MAX_WAITING_PAIRINGS} codes wait at once, whoever asks: then 503 pairing_busy until some expire`, async () => {
    const db = srv.hl.store.db
    const waiting = async () => Number((await db.selectFrom('kiosk_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('touchpoint_id', 'is', null).executeTakeFirstOrThrow()).n)
    // Codes from many addresses, as a flood would leave them (each one's own client, so the per-client limit does not stop it first).
    const expires = new Date(Date.now() + 600_000).toISOString()
    const flood = Array.from({ length: MAX_WAITING_PAIRINGS - (await waiting()) }, (_, i) => ({ token_hash: `flood-${i}`, pair_code: `fl${String(i).padStart(4, '0')}`, pair_expires_at: expires, touchpoint_id: null, paired_at: null, paired_by: null, revoked_at: null, last_seen_at: null, created_at: new Date().toISOString() }))
    await db.insertInto('kiosk_devices').values(flood).execute()
    try {
      const refused = await fetch(srv.url + '/api/v1/kiosk/pairings', { method: 'POST', headers: { 'user-agent': randomUUID() } })
      expect(refused.status).toBe(503)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await refused.json()).error.code).toBe('pairing_busy')
      expect(await waiting()).toBe(MAX_WAITING_PAIRINGS)
      // As codes expire they are cleared, and tablets get codes again.
      await db.updateTable('kiosk_devices').set({ pair_expires_at: new Date(Date.now() - 1000).toISOString() }).where('token_hash', 'like', 'flood-%').execute()
      expect((await newPairing()).code).toMatch(/^[a-z0-9]{6}$/i)
      expect(await db.selectFrom('kiosk_devices').select('id').where('token_hash', 'like', 'flood-%').execute()).toEqual([])
    } finally {
      await db.deleteFrom('kiosk_devices').where('token_hash', 'like', 'flood-%').execute()
    }
  })

  it('the rollups follow a back-dated answer into its own month', async () => {
    const checks = await verifyRollups(srv.hl.store.db, srv.hl.store.dialect, srv.hl.surveys)
    expect(checks.reduce((n, c) => n + c.rows, 0)).toBeGreaterThanOrEqual(2)
    expect(checks.flatMap((c) => c.mismatched)).toEqual([])
  })
})
