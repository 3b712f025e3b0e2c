/**
 * The flag rules end to end, and what is never stored: a filled honeypot and
 * a submission outside the unit's opening hours are answered like any other
 * but left out of the figures; administrators list flags and review them,
 * with the rollups following each verdict; comments and free texts are
 * masked before storage, and no address or browser string is kept.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let cookie: string
let unit: number
let tp: { id: number; code: string }
const UA = 'Mozilla/5.0 (Linux; Android 13; Pixel 7) hailong-privacy-probe'
const today = () => localDay(new Date())
const window = () => `from=${addDays(today(), -1)}&to=${addDays(today(), 1)}`

async function api(method: string, path: string, json?: unknown, as = cookie) {
  const res = await fetch(srv.url + path, { method, headers: { cookie: as, ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined })
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() }
}

function form(code: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ id: randomUUID(), lang: 'vi', website: '', ...fields })
  return fetch(`${srv.url}/s/${code}`, { method: 'POST', headers: { 'user-agent': UA, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' })
}

const results = async (include = 'included') => (await api('GET', `/api/v1/results?unit=${unit}&${window()}&include=${include}`)).body
const allMatch = async () => (await verifyRollups(srv.hl.store.db, srv.hl.store.dialect, srv.hl.surveys)).flatMap((c) => c.mismatched)

beforeAll(async () => {
  srv = await startServer({ env: { HAILONG_RATE_LIMIT: '1' } })
  cookie = await srv.login()
  unit = (await api('POST', '/api/v1/units', { name: 'Xã Cờ', type: 'commune', sector: 'administrative' })).body.id
  tp = (await api('POST', '/api/v1/touchpoints', { unit, survey: 'counter-rating', label: 'Quầy 1' })).body
}, 60_000)
afterAll(() => srv.close())

describe('flag rules', () => {
  it('answers a filled honeypot like any submission, and leaves it out of the figures', async () => {
    const genuine = await form(tp.code, { overall: '0', improve: '1' })
    const robot = await form(tp.code, { overall: '2', website: 'http://spam.example' })
    expect(robot.status).toBe(genuine.status)
    expect(robot.headers.get('location')).toBe(genuine.headers.get('location'))
    const r = await results()
    expect([r.n, r.excluded, r.index]).toEqual([1, 1, 0])
    const all = await results('all')
    expect([all.n, all.include, all.index]).toEqual([2, 'all', 0.5])
  })

  it('flags a submission outside the unit’s opening hours, and not once the hours are cleared', async () => {
    const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
    // Open only two days from now: neither today nor the grace after yesterday's closing.
    const day = (new Date(`${today()}T12:00:00Z`).getUTCDay() + 2) % 7
    expect((await api('PATCH', `/api/v1/units/${unit}`, { opening_hours: 'whenever' })).status).toBe(422)
    const set = await api('PATCH', `/api/v1/units/${unit}`, { opening_hours: `00:00-24:00 ${names[day]}` })
    expect(set.status).toBe(200)
    expect(set.body.opening_hours).toBe(`00:00-24:00 ${names[day]}`)
    const page = await api('GET', `/admin/units/${unit}`)
    expect(page.body).toContain(`value="00:00-24:00 ${names[day]}"`)
    const res = await fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'user-agent': 'kiosk-like', 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), touchpoint: tp.code, answers: { overall: 1 } }) })
    expect(res.status).toBe(201)
    expect((await results()).excluded).toBe(2)
    await api('PATCH', `/api/v1/units/${unit}`, { opening_hours: null })
    await fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'user-agent': 'kiosk-like', 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), touchpoint: tp.code, answers: { overall: 1 } }) })
    const r = await results()
    expect([r.n, r.excluded]).toEqual([2, 2])
  })

  it('shows the published n and the n of all responses side by side on the dashboard', async () => {
    const page = await api('GET', `/dashboard?unit=${unit}&${window()}`)
    expect(page.status).toBe(200)
    expect(page.body).toMatch(/data-figure="n-all"[^>]*>[^<]*4 \(2 phiếu nghi vấn không tính\)/)
  })
})

describe('review of flags', () => {
  it('lists each flagged response with the rule that flagged it, for administrators only', async () => {
    const list = await api('GET', `/api/v1/flags?unit=${unit}&${window()}&state=pending`)
    expect(list.status).toBe(200)
    expect(list.body.items.map((f: { flags: string[] }) => f.flags).sort()).toEqual([['honeypot'], ['off_hours']])
    const manager = await staffCookie(srv, 'flag-manager', [{ unit, role: 'manager' }])
    expect((await api('GET', `/api/v1/flags?unit=${unit}`, undefined, manager)).status).toBe(403)
    expect((await api('GET', `/api/v1/flags?unit=${unit}&state=maybe`)).status).toBe(400)
    const page = await api('GET', `/admin/flags?unit=${unit}&${window()}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('ô bẫy bị điền')
    expect(page.body).toContain('ngoài giờ làm việc')
  })

  it('counts a response reviewed as genuine, takes it out again when excluded, and keeps the rollups exact', async () => {
    const { items } = (await api('GET', `/api/v1/flags?unit=${unit}&${window()}`)).body
    const offHours = items.find((f: { flags: string[] }) => f.flags[0] === 'off_hours')
    const before = await results()
    const genuine = await api('POST', `/api/v1/flags/${offHours.id}/review`, { verdict: 'genuine' })
    expect(genuine.body).toEqual({ id: offHours.id, status: 'ok' })
    const after = await results()
    expect([after.n, after.excluded]).toEqual([before.n + 1, before.excluded - 1])
    expect(await allMatch()).toEqual([])
    const reviewed = (await api('GET', `/api/v1/flags?unit=${unit}&${window()}&state=reviewed`)).body.items
    expect(reviewed).toMatchObject([{ id: offHours.id, status: 'ok', reviewed_by: 'admin' }])
    expect((await api('POST', `/api/v1/flags/${offHours.id}/review`, { verdict: 'excluded' })).body.status).toBe('flagged')
    expect((await results()).n).toBe(before.n)
    expect(await allMatch()).toEqual([])
    expect((await api('POST', '/api/v1/flags/999999/review', { verdict: 'genuine' })).status).toBe(404)
    expect((await api('POST', `/api/v1/flags/${offHours.id}/review`, { verdict: 'maybe' })).status).toBe(422)
  })

  it('reviews from the page form, back to the list it came from', async () => {
    const { items } = (await api('GET', `/api/v1/flags?unit=${unit}&${window()}&state=pending`)).body
    const back = `/admin/flags?unit=${unit}&state=pending`
    const res = await fetch(`${srv.url}/admin/flags/${items[0].id}/review?${new URLSearchParams({ back })}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: srv.url },
      body: 'verdict=genuine',
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${back}&ok=saved`)
    expect(await allMatch()).toEqual([])
  })
})

describe('privacy', () => {
  it('masks phone numbers, e-mails and ID numbers in comments and free texts before storing them', async () => {
    const hp = (await api('POST', '/api/v1/touchpoints', { unit, survey: 'health-outpatient', label: 'Khoa khám bệnh' })).body
    const def = srv.hl.surveys.get('health-outpatient')!
    const answers: Record<string, number | string> = {}
    for (const s of def.sections) for (const item of s.items) if (item.options && item.required) answers[item.code] = item.options[0]!.value
    const text = def.sections.flatMap((s) => s.items).find((i) => i.type === 'text')!
    answers[text.code] = 'Gọi tôi 0912 345 678 nhé'
    const res = await fetch(`${srv.url}/api/v1/responses`, {
      method: 'POST',
      headers: { 'user-agent': UA, 'content-type': 'application/json' },
      body: JSON.stringify({ id: randomUUID(), touchpoint: hp.code, answers, comment: 'Email lan.nguyen@example.vn, CCCD 001234567890, đã đóng 50.000đ' }),
    })
    expect(res.status, await res.clone().text()).toBe(201)
    const db = srv.hl.store.db
    const stored = await db.selectFrom('responses').select(['id', 'comment']).where('touchpoint_id', '=', hp.id).executeTakeFirstOrThrow()
    expect(stored.comment).toBe('Email •••, CCCD •••, đã đóng 50.000đ')
    const free = await db.selectFrom('answers').select('value_text').where('response_id', '=', stored.id).where('item', '=', text.code).executeTakeFirstOrThrow()
    expect(free.value_text).toBe('Gọi tôi ••• nhé')
  })

  it('stores no address or browser string anywhere a response lands', async () => {
    const db = srv.hl.store.db
    const dump = JSON.stringify([await db.selectFrom('responses').selectAll().execute(), await db.selectFrom('answers').selectAll().execute()])
    expect(dump).toContain('Gọi tôi') // the search can fail: the dump holds the stored texts
    for (const raw of ['127.0.0.1', UA, 'kiosk-like', 'hailong-privacy-probe', '0912', 'lan.nguyen']) expect(dump).not.toContain(raw)
    const keys = await db.selectFrom('responses').select('client_key').where('client_key', 'is not', null).execute()
    expect(keys.length).toBeGreaterThan(0)
    expect(keys.every((k) => /^[A-Za-z0-9_-]{16}$/.test(k.client_key!))).toBe(true)
  })
})
