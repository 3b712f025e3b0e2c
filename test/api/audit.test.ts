/**
 * The audit log: every administrative change made through the API or the
 * management pages, every login, failure, logout and password change lands
 * in it with its actor, target and detail, never a password or an address;
 * a refused change leaves nothing; administrators read it through
 * GET /api/v1/audit (filters, keyset pages) and /admin/audit, escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, startServer, type TestServer } from '../support/start-server.ts'
import { staffCookie, STAFF_PASSWORD } from '../support/staff.ts'

interface Entry {
  id: number
  at: string
  user: { id: number | null; username: string | null } | null
  action: string
  target: { type: string; id: string } | null
  detail: Record<string, unknown> | null
  client: string | null
}

let srv: TestServer
let admin: string
const HOSTILE = '<img src=x onerror=alert(1)>Xã "lạ"'
const RESET_PASSWORD = 'một mật khẩu đặt lại dài'
const NEW_USER_PASSWORD = 'mật khẩu người mới rất dài'

async function call(method: string, path: string, cookie: string | null, body?: unknown, form?: Record<string, string>) {
  const res = await fetch(srv.url + path, {
    method,
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : form ? new URLSearchParams(form) : undefined,
  })
  const text = await res.text()
  return { status: res.status, text, json: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null }
}

async function all(query = ''): Promise<Entry[]> {
  const res = await call('GET', `/api/v1/audit?limit=200${query}`, admin)
  expect(res.status).toBe(200)
  return res.json.items
}

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const province = (await call('POST', '/api/v1/units', admin, { name: 'Tỉnh', type: 'province' })).json.id
  const unit = (await call('POST', '/api/v1/units', admin, { name: HOSTILE, type: 'commune', sector: 'administrative', parent: province })).json.id
  await call('PATCH', `/api/v1/units/${unit}`, admin, { name: 'Xã Đổi Tên' })
  // Through the management pages, as a browser would post.
  await call('POST', `/admin/units/${unit}/close`, admin, undefined, { on: '2030-01-01' })
  const service = (await call('POST', '/api/v1/services', admin, { name: 'Khai sinh', sector: 'administrative' })).json.id
  await call('POST', `/admin/services/${service}`, admin, undefined, { name: 'Khai sinh (sửa)', sector: 'administrative' })
  await call('POST', '/api/v1/touchpoints', admin, { unit: province, survey: 'counter-rating', label: 'Quầy 1' })
  const target = (await call('POST', '/api/v1/targets', admin, { unit: province, threshold: 0.9, valid_from: '2031-01-01', source: 'Kế hoạch thử' })).json.id
  await call('DELETE', `/api/v1/targets/${target}`, admin)
  const user = (await call('POST', '/api/v1/users', admin, { username: 'nguoi-moi', password: NEW_USER_PASSWORD })).json.id
  await call('PUT', `/api/v1/users/${user}/grants/${province}`, admin, { role: 'viewer' })
  await call('POST', `/admin/users/${user}/grants/${province}/delete`, admin, undefined, {})
  await call('PATCH', `/api/v1/users/${user}`, admin, { disabled: true })
  await call('POST', `/api/v1/users/${user}/password`, admin, { password: RESET_PASSWORD })
  await call('POST', '/api/v1/auth/login', null, { username: 'admin', password: 'not the password' })
  // Refused changes: nothing to log.
  await call('PATCH', '/api/v1/services/999999', admin, { name: 'Không có' })
  await call('DELETE', '/api/v1/targets/999999', admin)
  // One's own password, then logging out.
  const staff = await staffCookie(srv, 'can-bo', [])
  await call('POST', '/api/v1/auth/password', staff, { current: STAFF_PASSWORD, password: 'một câu mật khẩu mới' })
})
afterAll(() => srv.close())

describe('what is written', () => {
  it('records each change with the administrator, the target and what changed, newest first', async () => {
    const entries = await all()
    const actions = entries.map((e) => e.action).reverse()
    const expected = ['login.success', 'unit.create', 'unit.create', 'unit.update', 'unit.close', 'service.create', 'service.update', 'touchpoint.create', 'target.create', 'target.delete', 'user.create', 'grant.set', 'grant.remove', 'user.update', 'password.reset', 'login.failure', 'login.success', 'password.change']
    expect(actions).toEqual(expected)
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a))
    const byAdmin = entries.filter((e) => !e.action.startsWith('login') && e.action !== 'password.change')
    expect(byAdmin.every((e) => e.user?.username === 'admin')).toBe(true)
    const rename = entries.find((e) => e.action === 'unit.update')!
    expect(rename.target?.type).toBe('unit')
    expect(rename.detail).toEqual({ name: 'Xã Đổi Tên' })
    expect(entries.find((e) => e.action === 'unit.close')!.detail).toEqual({ on: '2030-01-01' })
    expect(entries.find((e) => e.action === 'user.update')!.detail).toMatchObject({ username: 'nguoi-moi', disabled: true })
    expect(entries.find((e) => e.action === 'grant.set')!.detail).toMatchObject({ username: 'nguoi-moi', role: 'viewer' })
    expect(entries.find((e) => e.action === 'password.change')!.user?.username).toBe('can-bo')
  })

  it('never holds a password or the client address, only a short pseudonym of it', async () => {
    const raw = JSON.stringify(await srv.hl.store.db.selectFrom('audit_log').selectAll().execute())
    for (const secret of [ADMIN_PASSWORD, RESET_PASSWORD, NEW_USER_PASSWORD, 'not the password', STAFF_PASSWORD, '127.0.0.1']) expect(raw).not.toContain(secret)
    const clients = new Set((await all()).map((e) => e.client))
    expect(clients.size).toBe(1)
    expect([...clients][0]).toMatch(/^[\w-]{22}$/)
  })

  it('logs a logout', async () => {
    const cookie = await staffCookie(srv, 'ra-ve', [])
    expect((await call('POST', '/api/v1/auth/logout', cookie, {})).status).toBe(204)
    expect((await all('&action=logout')).map((e) => e.user?.username)).toEqual(['ra-ve'])
  })
})

describe('reading it', () => {
  it('filters by action or family, by user and by days', async () => {
    expect((await all('&action=unit')).map((e) => e.action).sort()).toEqual(['unit.close', 'unit.create', 'unit.create', 'unit.update'])
    expect((await all('&action=grant.set')).length).toBe(1)
    expect((await all('&user=can-bo')).map((e) => e.action).sort()).toEqual(['login.success', 'password.change'])
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
    expect((await all(`&from=${today}&to=${today}`)).length).toBe((await all()).length)
    expect(await all('&to=2020-01-01')).toEqual([])
    for (const bad of ['from=2026-13-01', 'action=DROP%20TABLE', 'before=x', 'limit=0', 'limit=201']) expect((await call('GET', `/api/v1/audit?${bad}`, admin)).status, bad).toBe(400)
  })

  it('pages by keyset: every entry once, in order', async () => {
    const everything = (await all()).map((e) => e.id)
    const seen: number[] = []
    let next: string | null = null
    do {
      const res = await call('GET', `/api/v1/audit?limit=4${next ? `&before=${next}` : ''}`, admin)
      seen.push(...res.json.items.map((e: Entry) => e.id))
      next = res.json.next
    } while (next)
    expect(seen).toEqual(everything)
  })

  it('is for administrators only', async () => {
    const viewer = await staffCookie(srv, 'chi-xem', [])
    expect((await call('GET', '/api/v1/audit', viewer)).status).toBe(403)
    expect((await call('GET', '/admin/audit', viewer)).status).toBe(403)
    expect((await call('GET', '/api/v1/audit', null)).status).toBe(401)
  })

  it('shows the page with every value escaped, and links it from the management index', async () => {
    const page = await call('GET', '/admin/audit?action=unit.create', admin)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Tạo đơn vị')
    expect(page.text).not.toContain('<img src=x')
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)>')
    expect((await call('GET', '/admin', admin)).text).toContain('href="/admin/audit"')
    const en = await call('GET', '/admin/audit?lang=en&action=login', admin)
    expect(en.text).toContain('Failed login')
  })
})
