/**
 * Every route with every role. The server's own route list (Hono's
 * app.routes) is compared with the table below: a route the table does not
 * classify fails the test, so no new route can skip the walk. Each row names
 * who may use the route and a concrete request (path parameters filled with
 * commune A's ids and codes, a valid body), made once per role: allowed roles
 * must get 2xx/3xx, the others 401/403 (or, signed out on a page, 303 to the
 * login). Then commune A's staff try commune B's numbers and comments.
 *
 * Adding a route: one line in ROUTES. Placeholders in paths and bodies:
 * {P} {A} {B} {C} unit ids (C is a scratch commune that changes may touch),
 * {tpA} {tpB} touchpoint codes, {tpAId} A's touchpoint id, {svc} a service,
 * {target} an editable target, {U} a spare user, {n} a fresh number, {day}
 * a fresh day, {uuid} a fresh UUID, {from} {today} a 30-day window. A
 * placeholder that is a whole JSON value becomes a number when it is one.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../server/domain/local-day.ts'
import { loginAs, STAFF_PASSWORD, staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

/** Who may use a route: everyone; anyone signed in; managers of some unit; administrators; readers or managers of commune A. */
type Rule = 'public' | 'user' | 'manager' | 'admin' | 'read-a' | 'manage-a'
const ROLES = ['anonymous', 'manager-b', 'viewer-a', 'manager-a', 'admin'] as const
type Role = (typeof ROLES)[number]
const ALLOWED: Record<Rule, readonly Role[]> = {
  public: ROLES,
  user: ['manager-b', 'viewer-a', 'manager-a', 'admin'],
  manager: ['manager-b', 'manager-a', 'admin'],
  admin: ['admin'],
  'read-a': ['viewer-a', 'manager-a', 'admin'],
  'manage-a': ['manager-a', 'admin'],
}

interface Req {
  path: string
  headers?: Record<string, string>
  json?: unknown
  form?: Record<string, string>
  csv?: string
}
type Row = [Rule, Req | ((f: Fixture) => Promise<Req>)]

const CSV = 'code,name,type,sector,parent_code\nNEW-{n},Xã Mới {n},commune,administrative,P-01\n'

const ROUTES: Record<string, Row> = {
  // Citizens and the public.
  'GET /': ['public', { path: '/' }],
  'GET /healthz': ['public', { path: '/healthz' }],
  'GET /api/v1/openapi.json': ['public', { path: '/api/v1/openapi.json' }],
  'GET /api/v1/surveys': ['public', { path: '/api/v1/surveys' }],
  'GET /api/v1/surveys/:id': ['public', { path: '/api/v1/surveys/counter-rating' }],
  'GET /static/:name{[a-z-]+\\.js}': ['public', { path: '/static/survey.js' }],
  'GET /static/staff.css': ['public', { path: '/static/staff.css' }],
  'GET /s/:code': ['public', { path: '/s/{tpA}' }],
  'POST /s/:code': ['public', { path: '/s/{tpA}', form: { id: '{uuid}', overall: '2', lang: 'vi' } }],
  'GET /s/:code/thanks': ['public', { path: '/s/{tpA}/thanks' }],
  'POST /api/v1/responses': ['public', { path: '/api/v1/responses', json: { id: '{uuid}', touchpoint: '{tpA}', answers: { overall: 2 } } }],
  'GET /qr/:file{[A-Za-z0-9]+\\.(svg|png)}': ['public', { path: '/qr/{tpA}.svg' }],
  'GET /poster/:code': ['public', { path: '/poster/{tpA}' }],
  // Signing in and out.
  'GET /login': ['public', { path: '/login' }],
  'POST /login': ['public', { path: '/login', form: { username: 'login-probe', password: STAFF_PASSWORD, next: '/account' } }],
  'POST /logout': ['public', { path: '/logout', form: {} }],
  'POST /api/v1/auth/login': ['public', { path: '/api/v1/auth/login', json: { username: 'login-probe', password: STAFF_PASSWORD } }],
  'POST /api/v1/auth/logout': ['public', { path: '/api/v1/auth/logout', json: {} }],
  // One's own account.
  'GET /api/v1/auth/me': ['user', { path: '/api/v1/auth/me' }],
  'POST /api/v1/auth/password': ['user', { path: '/api/v1/auth/password', json: { current: STAFF_PASSWORD, password: STAFF_PASSWORD } }],
  'GET /account': ['user', { path: '/account' }],
  'POST /account/password': ['user', { path: '/account/password', form: { current: STAFF_PASSWORD, password: STAFF_PASSWORD, confirm: STAFF_PASSWORD } }],
  // Results, the province table and comments of commune A.
  'GET /api/v1/results': ['read-a', { path: '/api/v1/results?unit={A}' }],
  'GET /dashboard': ['read-a', { path: '/dashboard?unit={A}' }],
  'GET /api/v1/results/units': ['read-a', { path: '/api/v1/results/units?unit={A}' }],
  'GET /province': ['read-a', { path: '/province?unit={A}' }],
  'GET /api/v1/comments': ['read-a', { path: '/api/v1/comments?unit={A}&from={from}&to={today}' }],
  'GET /comments': ['read-a', { path: '/comments?unit={A}&from={from}&to={today}' }],
  // The unit tree.
  'GET /api/v1/units': ['user', { path: '/api/v1/units' }],
  'POST /api/v1/units': ['admin', { path: '/api/v1/units', json: { name: 'Đơn vị {n}', type: 'commune', parent: '{C}' } }],
  'POST /api/v1/units/import': ['admin', { path: '/api/v1/units/import?dry_run=1', csv: CSV }],
  'PATCH /api/v1/units/:id': ['admin', { path: '/api/v1/units/{C}', json: { name: 'Xã C' } }],
  'POST /api/v1/units/:id/close': ['admin', { path: '/api/v1/units/{C}/close', json: { on: null } }],
  'GET /admin': ['manager', { path: '/admin' }],
  'GET /admin/units': ['admin', { path: '/admin/units' }],
  'POST /admin/units': ['admin', { path: '/admin/units', form: { name: 'Đơn vị {n}', type: 'commune', parent: '{C}' } }],
  'POST /admin/units/import': ['admin', { path: '/admin/units/import', form: { text: CSV, dry_run: '1' } }],
  'GET /admin/units/:id': ['admin', { path: '/admin/units/{C}' }],
  'POST /admin/units/:id': ['admin', { path: '/admin/units/{C}', form: { name: 'Xã C', type: 'commune', sector: 'administrative', parent: '{P}' } }],
  'POST /admin/units/:id/close': ['admin', { path: '/admin/units/{C}/close', form: { on: '' } }],
  'GET /admin/units/:id/posters': ['manage-a', { path: '/admin/units/{A}/posters' }],
  // Services and touchpoints.
  'GET /api/v1/services': ['user', { path: '/api/v1/services' }],
  'POST /api/v1/services': ['admin', { path: '/api/v1/services', json: { name: 'Dịch vụ {n}', sector: 'administrative' } }],
  'PATCH /api/v1/services/:id': ['admin', { path: '/api/v1/services/{svc}', json: { name: 'Chứng thực' } }],
  'GET /admin/services': ['admin', { path: '/admin/services' }],
  'POST /admin/services': ['admin', { path: '/admin/services', form: { name: 'Dịch vụ {n}', sector: 'administrative' } }],
  'POST /admin/services/:id': ['admin', { path: '/admin/services/{svc}', form: { name: 'Chứng thực', sector: 'administrative' } }],
  'GET /api/v1/touchpoints': ['read-a', { path: '/api/v1/touchpoints?unit={A}' }],
  'POST /api/v1/touchpoints': ['manage-a', { path: '/api/v1/touchpoints', json: { unit: '{A}', survey: 'counter-rating', label: 'Quầy {n}' } }],
  'PATCH /api/v1/touchpoints/:id': ['manage-a', { path: '/api/v1/touchpoints/{tpAId}', json: { label: 'Quầy 1' } }],
  'GET /admin/touchpoints': ['manage-a', { path: '/admin/touchpoints?unit={A}' }],
  'POST /admin/touchpoints': ['manage-a', { path: '/admin/touchpoints?unit={A}', form: { unit: '{A}', survey: 'counter-rating', label: 'Quầy {n}' } }],
  'POST /admin/touchpoints/:id': ['manage-a', { path: '/admin/touchpoints/{tpAId}?unit={A}', form: { label: 'Quầy 1', service: '{svc}' } }],
  // Targets.
  'GET /api/v1/targets': ['user', { path: '/api/v1/targets' }],
  'POST /api/v1/targets': ['admin', { path: '/api/v1/targets', json: { unit: '{C}', threshold: 0.9, valid_from: '{day}', source: 'Thử {n}' } }],
  'PATCH /api/v1/targets/:id': ['admin', { path: '/api/v1/targets/{target}', json: { source: 'Kế hoạch thử' } }],
  'DELETE /api/v1/targets/:id': ['admin', async (f) => ({ path: `/api/v1/targets/${await f.freshTarget()}` })],
  'GET /admin/targets': ['admin', { path: '/admin/targets' }],
  'POST /admin/targets': ['admin', { path: '/admin/targets', form: { unit: '{C}', threshold: '90', valid_from: '{day}', source: 'Thử {n}' } }],
  'POST /admin/targets/:id': ['admin', { path: '/admin/targets/{target}', form: { threshold: '90', valid_from: '2030-01-01', source: 'Kế hoạch thử' } }],
  'POST /admin/targets/:id/delete': ['admin', async (f) => ({ path: `/admin/targets/${await f.freshTarget()}/delete`, form: {} })],
  // Users and roles.
  'GET /api/v1/users': ['admin', { path: '/api/v1/users' }],
  'POST /api/v1/users': ['admin', { path: '/api/v1/users', json: { username: 'new-{n}', password: 'một mật khẩu đủ dài {n}' } }],
  'GET /api/v1/users/:id': ['admin', { path: '/api/v1/users/{U}' }],
  'PATCH /api/v1/users/:id': ['admin', { path: '/api/v1/users/{U}', json: { display_name: 'Người dự phòng' } }],
  'PUT /api/v1/users/:id/grants/:unit': ['admin', { path: '/api/v1/users/{U}/grants/{A}', json: { role: 'viewer' } }],
  'DELETE /api/v1/users/:id/grants/:unit': ['admin', async (f) => ({ path: `/api/v1/users/${await f.spareGrant()}` })],
  'POST /api/v1/users/:id/password': ['admin', { path: '/api/v1/users/{U}/password', json: {} }],
  'GET /admin/users': ['admin', { path: '/admin/users' }],
  'POST /admin/users': ['admin', { path: '/admin/users', form: { username: 'page-{n}', password: '', unit: '', role: 'viewer' } }],
  'GET /admin/users/:id': ['admin', { path: '/admin/users/{U}' }],
  'POST /admin/users/:id': ['admin', { path: '/admin/users/{U}', form: { display_name: 'Người dự phòng' } }],
  'POST /admin/users/:id/grants': ['admin', { path: '/admin/users/{U}/grants', form: { unit: '{A}', role: 'viewer' } }],
  'POST /admin/users/:id/grants/:unit/delete': ['admin', async (f) => ({ path: `/admin/users/${await f.spareGrant()}/delete`, form: {} })],
  'POST /admin/users/:id/password': ['admin', { path: '/admin/users/{U}/password', form: { password: '' } }],
  // Flagged responses and the retention setting.
  'GET /api/v1/flags': ['admin', { path: '/api/v1/flags?unit={A}' }],
  'POST /api/v1/flags/:id/review': ['admin', async (f) => ({ path: `/api/v1/flags/${await flaggedResponse(f)}/review`, json: { verdict: 'genuine' } })],
  'GET /api/v1/settings': ['admin', { path: '/api/v1/settings' }],
  'PATCH /api/v1/settings': ['admin', { path: '/api/v1/settings', json: { retention_months: 60 } }],
  'GET /admin/flags': ['admin', { path: '/admin/flags?unit={A}' }],
  'POST /admin/flags/:id/review': ['admin', async (f) => ({ path: `/admin/flags/${await flaggedResponse(f)}/review`, form: { verdict: 'genuine' } })],
  'POST /admin/settings': ['admin', { path: '/admin/settings', form: { retention_months: '60' } }],
  // Counter tablets: the kiosk page of A's touchpoint (made a kiosk first), and pairing tablets to it.
  'GET /k/sw.js': ['public', { path: '/k/sw.js' }],
  'GET /k/kiosk.css': ['public', { path: '/k/kiosk.css' }],
  'GET /k/icon.svg': ['public', { path: '/k/icon.svg' }],
  'GET /k/:code{[A-Za-z0-9]+}': ['public', async () => ({ path: `/k/${await kioskA()}` })],
  'GET /k/:code{[A-Za-z0-9]+}/manifest.webmanifest': ['public', async () => ({ path: `/k/${await kioskA()}/manifest.webmanifest` })],
  'POST /api/v1/kiosk/pairings': ['public', { path: '/api/v1/kiosk/pairings', json: {} }],
  'GET /api/v1/kiosk/pairings/:code': ['public', async () => tabletPairing().then((p) => ({ path: `/api/v1/kiosk/pairings/${p.code}`, headers: { 'x-hailong-device': p.token } }))],
  'POST /api/v1/touchpoints/:id/pair': ['manage-a', async () => ({ path: '/api/v1/touchpoints/{tpAId}/pair', json: { code: (await tabletPairing(await kioskA())).code } })],
  'GET /api/v1/touchpoints/:id/devices': ['manage-a', { path: '/api/v1/touchpoints/{tpAId}/devices' }],
  'DELETE /api/v1/touchpoints/:id/devices/:device': ['manage-a', async () => ({ path: `/api/v1/touchpoints/{tpAId}/devices/${await pairedTablet()}` })],
  'POST /admin/touchpoints/:id/pair': ['manage-a', async () => ({ path: '/admin/touchpoints/{tpAId}/pair?unit={A}', form: { code: (await tabletPairing(await kioskA())).code } })],
  'POST /admin/touchpoints/:id/devices/:device/revoke': ['manage-a', async () => ({ path: `/admin/touchpoints/{tpAId}/devices/${await pairedTablet()}/revoke?unit={A}`, form: {} })],
  // The audit log.
  'GET /api/v1/audit': ['admin', { path: '/api/v1/audit?action=login' }],
  'GET /admin/audit': ['admin', { path: '/admin/audit?action=login' }],
  // Exports of commune A, and the export log.
  'GET /api/v1/exports/results': ['read-a', { path: '/api/v1/exports/results?unit={A}&from={from}&to={today}' }],
  'GET /api/v1/exports/responses': ['read-a', { path: '/api/v1/exports/responses?unit={A}&from={from}&to={today}&survey=counter-rating' }],
  'GET /api/v1/exports/codebook': ['user', { path: '/api/v1/exports/codebook?survey=counter-rating&period=2026' }],
  'GET /api/v1/exports': ['user', { path: '/api/v1/exports' }],
  'GET /api/v1/exports/:id{[0-9]+}': ['admin', async () => ({ path: `/api/v1/exports/${await setupExport()}` })],
  'GET /api/v1/exports/:id{[0-9]+}/file': ['admin', async () => ({ path: `/api/v1/exports/${await setupExport()}/file` })],
  // Period close of commune A: managers submit, administrators return, approve and publish.
  'GET /periods': ['user', { path: '/periods' }],
  'GET /api/v1/periods': ['user', { path: '/api/v1/periods' }],
  'POST /periods/submit': ['manage-a', async () => ({ path: '/periods/submit', form: { unit: '{A}', period: freshPeriod() } })],
  ...periodActions('/periods', (remark): Pick<Req, 'form'> => ({ form: remark ? { remark } : {} })),
  ...periodActions('/api/v1/periods', (remark) => ({ json: remark ? { remark } : {} })),
  // The one-stop-shop integration: API clients and webhooks (administrators), tickets and dossier counts of commune A, a ticket's citizen pages, the API docs. Bearer tokens: test/api/clients.test.ts, tickets.test.ts.
  'GET /api/v1/clients': ['admin', { path: '/api/v1/clients' }],
  'POST /api/v1/clients': ['admin', { path: '/api/v1/clients', json: { name: 'Hệ thống {n}', unit: '{A}' } }],
  'POST /api/v1/clients/:id/revoke': ['admin', async () => ({ path: `/api/v1/clients/${await freshClient()}/revoke`, json: {} })],
  'GET /admin/clients': ['admin', { path: '/admin/clients' }],
  'POST /admin/clients': ['admin', { path: '/admin/clients', form: { name: 'Hệ thống {n}', unit: '{A}' } }],
  'POST /admin/clients/:id/revoke': ['admin', async () => ({ path: `/admin/clients/${await freshClient()}/revoke`, form: {} })],
  'POST /api/v1/tickets': ['manage-a', { path: '/api/v1/tickets', json: { unit: '{A}', survey: 'counter-rating', returned_at: '2026-01-05T08:00:00+07:00', reference: 'HS-{n}' } }],
  'POST /api/v1/tickets/batch': ['manage-a', { path: '/api/v1/tickets/batch', json: { tickets: [{ unit: '{A}', survey: 'counter-rating', returned_at: '2026-01-05T08:00:00+07:00', reference: 'HS-{n}' }] } }],
  'GET /api/v1/tickets/:code': ['read-a', async () => ({ path: `/api/v1/tickets/${await freshTicket()}` })],
  'POST /api/v1/transactions': ['manage-a', { path: '/api/v1/transactions', json: { items: [{ day: '{today}', unit: '{A}', count: 3 }] } }],
  'GET /api/v1/transactions': ['read-a', { path: '/api/v1/transactions?unit={A}' }],
  'GET /api/v1/webhooks': ['admin', { path: '/api/v1/webhooks' }],
  'POST /api/v1/webhooks': ['admin', { path: '/api/v1/webhooks', json: { url: 'http://127.0.0.1:9/hook-{n}', events: ['period.approved'] } }],
  'PATCH /api/v1/webhooks/:id': ['admin', async () => ({ path: `/api/v1/webhooks/${await someWebhook()}`, json: { active: false } })],
  'GET /api/v1/webhooks/:id/deliveries': ['admin', async () => ({ path: `/api/v1/webhooks/${await someWebhook()}/deliveries` })],
  'GET /admin/webhooks': ['admin', { path: '/admin/webhooks' }],
  'POST /admin/webhooks': ['admin', { path: '/admin/webhooks', form: { url: 'http://127.0.0.1:9/page-{n}', events: 'period.approved' } }],
  'POST /admin/webhooks/:id/active': ['admin', async () => ({ path: `/admin/webhooks/${await someWebhook()}/active`, form: { active: '0' } })],
  'GET /t/:file{[A-Za-z0-9]{10}\\.(svg|png)}': ['public', async () => ({ path: `/t/${await freshTicket()}.svg` })],
  'GET /t/:code{[A-Za-z0-9]{10}}': ['public', async () => ({ path: `/t/${await freshTicket()}` })],
  'POST /t/:code{[A-Za-z0-9]{10}}': ['public', async () => ({ path: `/t/${await freshTicket()}`, form: { id: randomUUID(), overall: '2', lang: 'vi' } })],
  'GET /t/:code{[A-Za-z0-9]{10}}/thanks': ['public', async () => ({ path: `/t/${await freshTicket()}/thanks` })],
  'GET /api/docs': ['public', { path: '/api/docs' }],
  // Public results (no login): commune A's fresh period approved and published first; the printable report of A.
  'GET /public': ['public', { path: '/public' }],
  'GET /public/units/:id': ['public', async () => ({ path: `/public/units/${await publishedA()}` })],
  'GET /api/v1/public/results': ['public', async () => ({ path: `/api/v1/public/results?unit=${await publishedA()}` })],
  'GET /static/public.css': ['public', { path: '/static/public.css' }],
  'GET /reports/units/:id': ['read-a', { path: '/reports/units/{A}?from={from}&to={today}' }],
  'GET /static/report.css': ['public', { path: '/static/report.css' }],
}

/** A new API client of commune A made by the setup administrator: its id. */
const freshClient = async (): Promise<number> => (await api('POST', '/api/v1/clients', { name: `Thu hồi ${++counter}`, unit: f.vars.A })).id
/** A new ticket of commune A: its code. */
const freshTicket = async (): Promise<string> => (await api('POST', '/api/v1/tickets', { unit: f.vars.A, survey: 'counter-rating', returned_at: new Date().toISOString(), reference: `HS-${++counter}` })).code
/** A webhook to switch off and read the log of (made once). */
let webhookId: number | null = null
const someWebhook = async (): Promise<number> => (webhookId ??= (await api('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/matrix', events: ['period.approved'] })).id)

/** A month long past that no other request has touched. */
let periodYear = 1950
const freshPeriod = () => `${periodYear++}-01`

/** The submit, return, approve, publish and unpublish rows under one prefix (the page's forms or the API). */
function periodActions(base: string, body: (remark: string | null) => Pick<Req, 'form' | 'json'>): Record<string, Row> {
  const path = (key: string, verb: string) => `${base}/{A}/${key}/${verb}`
  const prepared = (steps: string[], verb: string, remark: string | null) => async (): Promise<Req> => {
    const key = freshPeriod()
    for (const step of steps) await api('POST', `/api/v1/periods/${f.vars.A}/${key}/${step}`, {})
    return { path: path(key, verb), ...body(remark) }
  }
  return {
    [`POST ${base}/:unit/:period/submit`]: ['manage-a', prepared([], 'submit', null)],
    [`POST ${base}/:unit/:period/return`]: ['admin', prepared(['submit'], 'return', 'Xem lại số liệu')],
    [`POST ${base}/:unit/:period/approve`]: ['admin', prepared(['submit'], 'approve', null)],
    [`POST ${base}/:unit/:period/publish`]: ['admin', prepared(['approve'], 'publish', null)],
    [`POST ${base}/:unit/:period/unpublish`]: ['admin', prepared(['approve', 'publish'], 'unpublish', null)],
  }
}

/** Approves and publishes a fresh period of commune A; returns A's id. */
async function publishedA(): Promise<number> {
  const key = freshPeriod()
  for (const verb of ['approve', 'publish']) await api('POST', `/api/v1/periods/${f.vars.A}/${key}/${verb}`, {})
  return Number(f.vars.A)
}

/** An export made by the setup administrator: its log id. */
async function setupExport(): Promise<string> {
  const res = await fetch(`${srv.url}/api/v1/exports/results?unit=${f.vars.A}&period=2026`, { headers: { cookie: setup } })
  await res.arrayBuffer()
  return res.headers.get('x-export-id')!
}

interface Fixture {
  vars: Record<string, string | number>
  /** A new unit target on C, to be changed or deleted. */
  freshTarget(): Promise<number>
  /** Gives the spare user a role on C; returns "{U}/grants/{C}". */
  spareGrant(): Promise<string>
}

let srv: TestServer
let setup: string
let counter = 0
const cookies = new Map<Role, string>()
const USERNAMES: Record<Exclude<Role, 'anonymous'>, string> = { admin: 'matrix-admin', 'manager-a': 'manager-a', 'viewer-a': 'viewer-a', 'manager-b': 'manager-b' }
/** Every body commune A's staff received, searched at the end for commune B's data. */
const seenByA: { request: string; body: string }[] = []
const SECRET_B = 'Góp ý riêng của xã B 7c1f'
let f: Fixture

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
  const survey = srv.hl.surveys.get('counter-rating')!
  await srv.hl.writer.write({
    uid: randomUUID(),
    touchpointId: tp.id,
    unitId: tp.unit,
    serviceId: null,
    surveyId: survey.id,
    surveyVersion: survey.version,
    channel: 'api',
    lang: 'vi',
    day,
    receivedAt: `${day}T03:00:00.000Z`,
    bodyHash: randomUUID(),
    comment,
    answers: { overall: 0, improve: 1 },
  })
}

/** A fresh response of commune A that the honeypot rule flagged; returns its id. */
async function flaggedResponse(f: Fixture): Promise<number> {
  const survey = srv.hl.surveys.get('counter-rating')!
  const at = new Date()
  const out = await srv.hl.writer.write({
    uid: randomUUID(),
    touchpointId: Number(f.vars.tpAId),
    unitId: Number(f.vars.A),
    serviceId: null,
    surveyId: survey.id,
    surveyVersion: survey.version,
    channel: 'form',
    lang: 'vi',
    day: localDay(at),
    receivedAt: at.toISOString(),
    bodyHash: randomUUID(),
    comment: null,
    answers: { overall: 2 },
    flags: ['honeypot'],
  })
  if (out.status !== 'created') throw new Error('flagged response not created')
  return out.id
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

/** Makes commune A's touchpoint a kiosk (a touchpoint form without the box unticks it) and returns its code. */
async function kioskA(): Promise<string> {
  await api('PATCH', `/api/v1/touchpoints/${f.vars.tpAId}`, { kiosk: true })
  return String(f.vars.tpA)
}

/** A tablet asking to be paired: its code and token. */
async function tabletPairing(_kiosk?: string): Promise<{ code: string; token: string }> {
  return api('POST', '/api/v1/kiosk/pairings', {})
}

/** A tablet paired to A's kiosk by the administrator: its device id. */
async function pairedTablet(): Promise<number> {
  await kioskA()
  const { code } = await tabletPairing()
  return (await api('POST', `/api/v1/touchpoints/${f.vars.tpAId}/pair`, { code })).id
}

/** The routes the server has: middleware (a handler that takes `next`) is not a route. */
function registeredRoutes(): string[] {
  const keys = srv.hl.app.routes.filter((r) => r.handler.length < 2).map((r) => `${r.method} ${r.path}`)
  return [...new Set(keys)]
}

describe('every route with every role', () => {
  it('classifies every registered route, and only those', () => {
    const registered = registeredRoutes()
    const unclassified = registered.filter((k) => !(k in ROUTES))
    expect(unclassified, 'routes missing from ROUTES in test/api/access-matrix.test.ts: add a row for each').toEqual([])
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
