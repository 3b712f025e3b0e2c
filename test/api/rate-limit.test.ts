/**
 * Rate limits on submissions: per client (the day's keyed hash of address
 * and browser) and per touchpoint, a per-touchpoint limit administrators set
 * for shared tablets, 429 with Retry-After in the caller's language, and
 * HAILONG_RATE_LIMIT=0 for load tests.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RATE_LIMITS } from '../../server/http/rate-limit.ts'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let limited: TestServer
let unlimited: TestServer
let cookie: string

async function setUp(srv: TestServer, as: string) {
  const post = async (path: string, body: unknown) => (await fetch(srv.url + path, { method: 'POST', headers: { cookie: as, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()
  const unit = (await post('/api/v1/units', { name: 'Xã Giới Hạn', type: 'commune', sector: 'administrative' })).id
  const tp = await post('/api/v1/touchpoints', { unit, survey: 'counter-rating', label: `Quầy ${randomUUID().slice(0, 4)}` })
  return { unit, id: tp.id as number, code: tp.code as string }
}

function submit(srv: TestServer, code: string, ua: string, lang = 'vi') {
  return fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'user-agent': ua, 'accept-language': lang, 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), touchpoint: code, answers: { overall: 1 } }) })
}

const statuses = async (n: number, send: (i: number) => Promise<Response>) => {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await send(i)).status)
  return out
}

beforeAll(async () => {
  ;[limited, unlimited] = await Promise.all([startServer({ env: { HAILONG_RATE_LIMIT: '1' } }), startServer()])
  cookie = await limited.login()
}, 60_000)
afterAll(async () => {
  await Promise.all([limited?.close(), unlimited?.close()])
})

describe('per-client limits', () => {
  it('refuse a client beyond its minute with 429 rate_limited and Retry-After, in the caller’s language', async () => {
    const tp = await setUp(limited, cookie)
    const got = await statuses(DEFAULT_RATE_LIMITS.clientPerMinute, () => submit(limited, tp.code, 'phone-a'))
    expect(got).toEqual(Array(DEFAULT_RATE_LIMITS.clientPerMinute).fill(201))
    const refused = await submit(limited, tp.code, 'phone-a', 'en')
    expect(refused.status).toBe(429)
    const retry = Number(refused.headers.get('retry-after'))
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(retry).toBeLessThanOrEqual(60)
    const body = await refused.json()
    expect(body.error.code).toBe('rate_limited')
    expect(body.error.message).toBe(`Too many responses from the same device. Please try again in ${retry} seconds.`)
    const vi = await (await submit(limited, tp.code, 'phone-a', 'vi')).json()
    expect(vi.error.message).toMatch(/^Quá nhiều phiếu gửi từ cùng một thiết bị/)
    // Another phone at the same counter, and the same phone at another counter, are other clients.
    expect((await submit(limited, tp.code, 'phone-b')).status).toBe(201)
    const other = await setUp(limited, cookie)
    expect((await submit(limited, other.code, 'phone-a')).status).toBe(201)
  })

  it('refuse the plain form too, with the error page', async () => {
    const tp = await setUp(limited, cookie)
    const post = () =>
      fetch(`${limited.url}/s/${tp.code}`, { method: 'POST', headers: { 'user-agent': 'form-phone', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id: randomUUID(), overall: '2' }), redirect: 'manual' })
    const got = await statuses(DEFAULT_RATE_LIMITS.clientPerMinute + 1, post)
    expect(got.slice(0, -1).every((s) => s === 303)).toBe(true)
    expect(got.at(-1)).toBe(429)
    const page = await post()
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await page.text()).toContain('Quá nhiều phiếu gửi từ cùng một thiết bị')
  })

  it('refuse a touchpoint beyond its minute, whoever sends', async () => {
    const tp = await setUp(limited, cookie)
    const got = await statuses(DEFAULT_RATE_LIMITS.touchpointPerMinute + 1, (i) => submit(limited, tp.code, `crowd-${i}`))
    expect(got.filter((s) => s === 201)).toHaveLength(DEFAULT_RATE_LIMITS.touchpointPerMinute)
    expect(got.at(-1)).toBe(429)
  })
})

describe('a touchpoint’s own limit', () => {
  it('is set by administrators only, and lets a shared tablet send that many a minute', async () => {
    const tp = await setUp(limited, cookie)
    const manager = await staffCookie(limited, 'rate-manager', [{ unit: tp.unit, role: 'manager' }])
    const patch = (body: unknown, as: string) => fetch(`${limited.url}/api/v1/touchpoints/${tp.id}`, { method: 'PATCH', headers: { cookie: as, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await patch({ rate_limit_per_minute: 20 }, manager)).status).toBe(403)
    expect((await patch({ label: 'Quầy máy tính bảng' }, manager)).status).toBe(200)
    expect((await patch({ rate_limit_per_minute: 0 }, cookie)).status).toBe(422)
    const set = await patch({ rate_limit_per_minute: 20 }, cookie)
    expect((await set.json()).rate_limit_per_minute).toBe(20)
    const got = await statuses(21, () => submit(limited, tp.code, 'counter-tablet'))
    expect(got.slice(0, 20).every((s) => s === 201)).toBe(true)
    expect(got[20]).toBe(429)
    await limited.hl.writer.drain()
    // A shared tablet is many citizens: its responses are not a burst.
    const flagged = await limited.hl.store.db.selectFrom('responses').select('id').where('touchpoint_id', '=', tp.id).where('status', '<>', 'ok').execute()
    expect(flagged).toEqual([])
    const page = await fetch(`${limited.url}/admin/touchpoints?unit=${tp.unit}`, { headers: { cookie } })
    expect(await page.text()).toMatch(/name="rate_limit_per_minute"[^>]*value="20"/)
    const asManager = await fetch(`${limited.url}/admin/touchpoints?unit=${tp.unit}`, { headers: { cookie: manager } })
    expect(await asManager.text()).not.toContain('rate_limit_per_minute')
  })
})

describe('HAILONG_RATE_LIMIT=0', () => {
  it('takes and counts everything one client sends (load tests)', async () => {
    const tp = await setUp(unlimited, await unlimited.login())
    const got = await statuses(40, () => submit(unlimited, tp.code, 'load-generator'))
    expect(got.every((s) => s === 201)).toBe(true)
    await unlimited.hl.writer.drain()
    const counted = await unlimited.hl.store.db.selectFrom('responses').select('id').where('touchpoint_id', '=', tp.id).where('status', '=', 'ok').execute()
    expect(counted).toHaveLength(40)
  })
})
