/**
 * Every route with every role. The server's own route list (Hono's
 * app.routes) is compared with the table (test/support/access-routes.ts): a route it does not
 * classify fails the test, so no new route can skip the walk. Each row names
 * who may use the route and a concrete request (path parameters filled with
 * commune A's ids and codes, a valid body), made once per role: allowed roles
 * must get 2xx/3xx, the others 401/403 (or, signed out on a page, 303 to the
 * login). Then commune A's staff try commune B's numbers and comments.
 *
 * Adding a route: one line in that table. Placeholders in paths and bodies:
 * {P} {A} {B} {C} unit ids (C is a scratch commune that changes may touch),
 * {tpA} {tpB} touchpoint codes, {tpAId} A's touchpoint id, {svc} a service,
 * {target} an editable target, {U} a spare user, {n} a fresh number, {day}
 * a fresh day, {uuid} a fresh UUID, {from} {today} a 30-day window. A
 * placeholder that is a whole JSON value becomes a number when it is one.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../server/domain/local-day.ts'
import { responseRecord } from '../support/response-record.ts'
import { accessRoutes, ALLOWED, ROLES, type Fixture, type Req, type Role, type Rule } from '../support/access-routes.ts'
import { loginAs, STAFF_PASSWORD, staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let setup: string
let counter = 0
const cookies = new Map<Role, string>()
const USERNAMES: Record<Exclude<Role, 'anonymous'>, string> = { admin: 'matrix-admin', 'manager-a': 'manager-a', 'viewer-a': 'viewer-a', 'manager-b': 'manager-b' }
/** Every body commune A's staff received, searched at the end for commune B's data. */
const seenByA: { request: string; body: string }[] = []
const SECRET_B = 'Góp ý riêng của xã B 7c1f'
let f: Fixture
const ROUTES = accessRoutes({ server: () => srv, setupCookie: () => setup, fixture: () => f, api, next: () => ++counter })

async function call(method: string, req: Req, cookie: string | null) {
  const headers: Record<string, string> = { ...req.headers, ...(cookie ? { cookie } : {}) }
  let body: string | undefined
  if (req.json !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(req.json)]
  if (req.form) [headers['content-type'], body] = ['application/x-www-form-urlencoded', new URLSearchParams(req.form).toString()]
  if (req.csv !== undefined) [headers['content-type'], body] = ['text/csv', req.csv]
  const res = await fetch(srv.url + req.path, { method, headers, body, redirect: 'manual' })
  return { status: res.status, location: res.headers.get('location'), setsSession: /hl_session=/.test(res.headers.get('set-cookie') ?? ''), body: await res.text() }
}

/** Fills the placeholders of a request; a fresh {n}, {day} and {uuid} each time. */
function fill<T>(value: T, vars: Record<string, string | number>): T {
  if (typeof value === 'string') {
    const whole = /^\{(\w+)\}$/.exec(value)
    if (whole && typeof vars[whole[1]!] === 'number') return vars[whole[1]!] as T
    return value.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) as T
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars)) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)])) as T
  return value
}

const freshVars = () => {
  const n = ++counter
  return { ...f.vars, n, day: `${2040 + n}-01-01`, uuid: randomUUID() }
}

type Outcome = 'allow' | 'deny' | string
function outcome(rule: Rule, res: { status: number; location: string | null; body: string }): Outcome {
  if (res.status === 401 || res.status === 403) return 'deny'
  if (res.status === 303 && res.location?.startsWith('/login') && rule !== 'public') return 'deny'
  // A form that failed for another reason also redirects: back with ?err=.
  if (res.status >= 300 && res.status < 400 && /[?&]err(or)?=/.test(res.location ?? '')) return `${res.status} → ${res.location}`
  if (res.status >= 200 && res.status < 400) return 'allow'
  return `${res.status} ${res.body.slice(0, 200)}`
}

async function api(method: string, path: string, json?: unknown) {
  const res = await call(method, { path, json }, setup)
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body}`)
  return res.body ? JSON.parse(res.body) : null
}

/** A response of an earlier day through the server's own write path, so comments show and rollups count it. */
async function pastResponse(tp: { id: number; unit: number }, comment: string) {
  const day = localDay(new Date(Date.now() - 2 * 86_400_000))
  await srv.hl.writer.write(responseRecord(tp, day, { overall: 0, improve: 1 }, { comment }))
}


beforeAll(async () => {
  srv = await startServer()
  setup = await srv.login()
  const P = (await api('POST', '/api/v1/units', { name: 'Tỉnh Thử', type: 'province', code: 'P-01' })).id
  const A = (await api('POST', '/api/v1/units', { name: 'Xã A', type: 'commune', sector: 'administrative', parent: P, code: 'XA-A' })).id
  const B = (await api('POST', '/api/v1/units', { name: 'Xã B', type: 'commune', sector: 'administrative', parent: P, code: 'XA-B' })).id
  const C = (await api('POST', '/api/v1/units', { name: 'Xã C', type: 'commune', sector: 'administrative', parent: P })).id
  const svc = (await api('POST', '/api/v1/services', { name: 'Chứng thực', sector: 'administrative' })).id
  const tpA = await api('POST', '/api/v1/touchpoints', { unit: A, survey: 'counter-rating', service: svc, label: 'Quầy 1' })
  const tpB = await api('POST', '/api/v1/touchpoints', { unit: B, survey: 'counter-rating', service: svc, label: 'Quầy 1' })
  for (const [tp, overall] of [tpA, tpA, tpA, tpB, tpB, tpB].map((tp, i) => [tp, i % 3] as const)) {
    await api('POST', '/api/v1/responses', { id: randomUUID(), touchpoint: tp.code, answers: overall ? { overall } : { overall, improve: 1 } })
  }
  await pastResponse({ id: tpA.id, unit: A }, 'Góp ý của xã A')
  await pastResponse({ id: tpB.id, unit: B }, SECRET_B)
  await srv.hl.writer.drain()
  const target = (await api('POST', '/api/v1/targets', { unit: C, threshold: 0.9, valid_from: '2030-01-01', source: 'Kế hoạch thử' })).id
  const U = (await api('POST', '/api/v1/users', { username: 'spare', password: 'người dùng dự phòng' })).id
  await api('POST', '/api/v1/users', { username: 'login-probe', password: STAFF_PASSWORD })
  await api('POST', '/api/v1/users', { username: 'matrix-admin', password: STAFF_PASSWORD, admin: true })
  cookies.set('admin', await loginAs(srv, 'matrix-admin', STAFF_PASSWORD))
  cookies.set('manager-a', await staffCookie(srv, 'manager-a', [{ unit: A, role: 'manager' }]))
  cookies.set('viewer-a', await staffCookie(srv, 'viewer-a', [{ unit: A, role: 'viewer' }]))
  cookies.set('manager-b', await staffCookie(srv, 'manager-b', [{ unit: B, role: 'manager' }]))

  const today = localDay(new Date())
  const from = localDay(new Date(Date.now() - 30 * 86_400_000))
  f = {
    vars: { P, A, B, C, svc, tpA: tpA.code, tpB: tpB.code, tpAId: tpA.id, target, U, today, from },
    async freshTarget() {
      return (await api('POST', '/api/v1/targets', { unit: C, threshold: 0.85, valid_from: `${2100 + ++counter}-01-01`, source: 'Xóa được' })).id
    },
    async spareGrant() {
      await api('PUT', `/api/v1/users/${U}/grants/${C}`, { role: 'viewer' })
      return `${U}/grants/${C}`
    },
  }
}, 120_000)
afterAll(() => srv.close())


/** The routes the server has: middleware (a handler that takes `next`) is not a route. */
function registeredRoutes(): string[] {
  const keys = srv.hl.app.routes.filter((r) => r.handler.length < 2).map((r) => `${r.method} ${r.path}`)
  return [...new Set(keys)]
}

describe('every route with every role', () => {
  it('classifies every registered route, and only those', () => {
    const registered = registeredRoutes()
    const unclassified = registered.filter((k) => !(k in ROUTES))
    expect(unclassified, 'routes missing from the table in test/support/access-routes.ts: add a row for each').toEqual([])
    expect(Object.keys(ROUTES).filter((k) => !registered.includes(k)), 'rows for routes that no longer exist').toEqual([])
  })

  for (const [key, [rule, request]] of Object.entries(ROUTES)) {
    it(`${key}: ${rule}`, async () => {
      const method = key.split(' ')[0]!
      const got: Record<string, Outcome> = {}
      const want: Record<string, Outcome> = {}
      // Refused roles first, so a change an allowed role makes cannot hide a missing check.
      for (const role of ROLES) {
        const req = fill(typeof request === 'function' ? await request(f) : request, freshVars())
        const res = await call(method, req, cookies.get(role) ?? null)
        got[role] = outcome(rule, res)
        want[role] = ALLOWED[rule].includes(role) ? 'allow' : 'deny'
        if (role === 'manager-a' || role === 'viewer-a') seenByA.push({ request: `${method} ${req.path}`, body: res.body })
        // Logging out or changing one's password replaces the session: sign the role in again.
        if (res.setsSession && role !== 'anonymous') cookies.set(role, await loginAs(srv, USERNAMES[role], STAFF_PASSWORD))
      }
      expect(got).toEqual(want)
    })
  }
})

describe('commune A staff and commune B', () => {
  const bReads = ['/api/v1/results?unit={B}', '/dashboard?unit={B}', '/api/v1/touchpoints?unit={B}', '/api/v1/results/units?unit={B}', '/province?unit={B}', '/api/v1/comments?unit={B}&from={from}&to={today}', '/comments?unit={B}&from={from}&to={today}', '/admin/touchpoints?unit={B}', '/admin/units/{B}/posters', '/reports/units/{B}?from={from}&to={today}']

  it("refuses A's manager and viewer every view of B, and lets B's manager in", async () => {
    for (const path of bReads.map((p) => fill(p, f.vars))) {
      for (const role of ['manager-a', 'viewer-a'] as const) {
        const res = await call('GET', { path }, cookies.get(role)!)
        expect(res.status, `${role} GET ${path}`).toBe(403)
        expect(res.body).not.toContain(SECRET_B)
      }
      expect((await call('GET', { path }, cookies.get('manager-b')!)).status, `manager-b GET ${path}`).toBe(200)
    }
  })

  it("never shows B's comments or survey points to A's staff, in unit-less listings either", async () => {
    const listings = ['/api/v1/units', '/api/v1/touchpoints', '/api/v1/results/units', '/province', '/dashboard', `/api/v1/comments?from=${f.vars.from}&to=${f.vars.today}`, `/comments?from=${f.vars.from}&to=${f.vars.today}`, '/admin/touchpoints']
    for (const role of ['manager-a', 'viewer-a'] as const) {
      for (const path of listings) {
        const res = await call('GET', { path }, cookies.get(role)!)
        if (!(role === 'viewer-a' && path === '/admin/touchpoints')) expect(res.status, `${role} GET ${path}`).toBe(200)
        seenByA.push({ request: `${role} GET ${path}`, body: res.body })
      }
    }
    // The search can fail: B's comment and code are there for those who may read them.
    const asB = await call('GET', { path: fill('/api/v1/comments?unit={B}&from={from}&to={today}', f.vars) }, cookies.get('manager-b')!)
    expect(asB.body).toContain(SECRET_B)
    expect(seenByA.some((s) => s.body.includes('Góp ý của xã A'))).toBe(true)
    expect(seenByA.some((s) => s.body.includes(String(f.vars.tpA)))).toBe(true)
    const leaks = seenByA.filter((s) => s.body.includes(SECRET_B) || s.body.includes(String(f.vars.tpB))).map((s) => s.request)
    expect(leaks).toEqual([])
  })
})
