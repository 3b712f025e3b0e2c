/**
 * The table of test/api/access-matrix.test.ts: every route the server has,
 * who may use it, and a concrete request to make as each role. The requests
 * that need fresh state (a new ticket, a tablet waiting to be paired, a
 * period ready to approve) make it through the running test's server and
 * its setup administrator, which the test hands over as `AccessContext`.
 *
 * Adding a route: one line in the table. Placeholders in paths and bodies are
 * described in the test.
 */
import { randomUUID } from 'node:crypto'
import { localDay } from '../../server/domain/local-day.ts'
import { responseRecord } from './response-record.ts'
import { STAFF_PASSWORD } from './staff.ts'
import type { TestServer } from './start-server.ts'

/** Who may use a route: everyone; anyone signed in; managers of some unit; administrators; readers or managers of commune A. */
export type Rule = 'public' | 'user' | 'manager' | 'admin' | 'read-a' | 'manage-a'
export const ROLES = ['anonymous', 'manager-b', 'viewer-a', 'manager-a', 'admin'] as const
export type Role = (typeof ROLES)[number]
export const ALLOWED: Record<Rule, readonly Role[]> = {
  public: ROLES,
  user: ['manager-b', 'viewer-a', 'manager-a', 'admin'],
  manager: ['manager-b', 'manager-a', 'admin'],
  admin: ['admin'],
  'read-a': ['viewer-a', 'manager-a', 'admin'],
  'manage-a': ['manager-a', 'admin'],
}

export interface Req {
  path: string
  headers?: Record<string, string>
  json?: unknown
  form?: Record<string, string>
  csv?: string
}
export type Row = [Rule, Req | ((f: Fixture) => Promise<Req>)]

const CSV = 'code,name,type,sector,parent_code\nNEW-{n},Xã Mới {n},commune,administrative,P-01\n'

export interface Fixture {
  vars: Record<string, string | number>
  /** A new unit target on C, to be changed or deleted. */
  freshTarget(): Promise<number>
  /** Gives the spare user a role on C; returns "{U}/grants/{C}". */
  spareGrant(): Promise<string>
}

/** What the table's requests need of the running test: read once the test's setup has run. */
export interface AccessContext {
  server(): TestServer
  /** The setup administrator's session cookie. */
  setupCookie(): string
  fixture(): Fixture
  /** A call as the setup administrator; throws unless it succeeds. */
  api(method: string, path: string, json?: unknown): Promise<any>
  /** A number no other request has used. */
  next(): number
}

export function accessRoutes(ctx: AccessContext): Record<string, Row> {
  const api = ctx.api
  const vars = () => ctx.fixture().vars

  /** A new API client of commune A made by the setup administrator: its id. */
  const freshClient = async (): Promise<number> => (await api('POST', '/api/v1/clients', { name: `Thu hồi ${ctx.next()}`, unit: vars().A })).id
  /** A new ticket of commune A: its code. */
  const freshTicket = async (): Promise<string> => (await api('POST', '/api/v1/tickets', { unit: vars().A, survey: 'counter-rating', returned_at: new Date().toISOString(), reference: `HS-${ctx.next()}` })).code
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
      for (const step of steps) await api('POST', `/api/v1/periods/${vars().A}/${key}/${step}`, {})
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
    for (const verb of ['approve', 'publish']) await api('POST', `/api/v1/periods/${vars().A}/${key}/${verb}`, {})
    return Number(vars().A)
  }

  /** An export made by the setup administrator: its log id. */
  async function setupExport(): Promise<string> {
    const res = await fetch(`${ctx.server().url}/api/v1/exports/results?unit=${vars().A}&period=2026`, { headers: { cookie: ctx.setupCookie() } })
    await res.arrayBuffer()
    return res.headers.get('x-export-id')!
  }

  /** A fresh response of commune A that the honeypot rule flagged; returns its id. */
  async function flaggedResponse(f: Fixture): Promise<number> {
    const at = new Date()
    const out = await ctx.server().hl.writer.write(responseRecord({ id: Number(f.vars.tpAId), unit: Number(f.vars.A) }, localDay(at), { overall: 2 }, { channel: 'form', receivedAt: at.toISOString(), flags: ['honeypot'] }))
    if (out.status !== 'created') throw new Error('flagged response not created')
    return out.id
  }

  /** Makes commune A's touchpoint a kiosk (a touchpoint form without the box unticks it) and returns its code. */
  async function kioskA(): Promise<string> {
    await api('PATCH', `/api/v1/touchpoints/${vars().tpAId}`, { kiosk: true })
    return String(vars().tpA)
  }

  /** A tablet asking to be paired: its code and token. */
  async function tabletPairing(_kiosk?: string): Promise<{ code: string; token: string }> {
    return api('POST', '/api/v1/kiosk/pairings', {})
  }

  /** A tablet paired to A's kiosk by the administrator: its device id. */
  async function pairedTablet(): Promise<number> {
    await kioskA()
    const { code } = await tabletPairing()
    return (await api('POST', `/api/v1/touchpoints/${vars().tpAId}/pair`, { code })).id
  }

  return {
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
}
