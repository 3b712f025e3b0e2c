/**
 * Administration of users and roles: the JSON API under /api/v1/users and the
 * /admin/users pages, each change checked by what the changed user can then
 * do (log in, reach a unit), not only by the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginAs, staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
const ids: Record<string, number> = {}

async function api(method: string, path: string, json?: unknown, cookie: string | null = admin) {
  const res = await fetch(srv.url + path, {
    method,
    headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

async function formPost(path: string, fields: Record<string, string>, cookie: string | null = admin) {
  const res = await fetch(srv.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  })
  return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers }
}

const page = async (path: string, cookie: string | null = admin) => {
  const res = await fetch(srv.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  return { status: res.status, location: res.headers.get('location'), html: await res.text() }
}

const canLogIn = async (username: string, password: string) =>
  (await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).status === 200

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  ids.province = (await api('POST', '/api/v1/units', { name: 'Tỉnh Thử', type: 'province' })).body.id
  ids.a = (await api('POST', '/api/v1/units', { name: 'Xã An Bình', type: 'commune', sector: 'administrative', parent: ids.province })).body.id
  ids.b = (await api('POST', '/api/v1/units', { name: 'Xã Bình Minh', type: 'commune', sector: 'administrative', parent: ids.province })).body.id
})
afterAll(() => srv.close())

describe('users API', () => {
  it('creates a user with a chosen password and roles, who can then log in and read only their unit', async () => {
    const res = await api('POST', '/api/v1/users', { username: 'Lan.Nguyen', display_name: 'Nguyễn Thị Lan', password: 'sông Hồng chảy mãi', grants: [{ unit: ids.a!, role: 'manager' }] })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ username: 'lan.nguyen', display_name: 'Nguyễn Thị Lan', admin: false, disabled: false, password_changed_at: null })
    expect(res.body.grants).toEqual([{ unit: ids.a, unit_name: 'Xã An Bình', unit_code: null, role: 'manager' }])
    expect(res.body).not.toHaveProperty('password')
    ids.lan = res.body.id

    const lan = await loginAs(srv, 'lan.nguyen', 'sông Hồng chảy mãi')
    expect((await api('GET', `/api/v1/touchpoints?unit=${ids.a}`, undefined, lan)).status).toBe(200)
    expect((await api('GET', `/api/v1/touchpoints?unit=${ids.b}`, undefined, lan)).status).toBe(403)
    const list = await api('GET', '/api/v1/users')
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual(['admin', 'lan.nguyen'])
    expect(JSON.stringify(list.body)).not.toMatch(/password_hash|scrypt/)
  })

  it('generates a password when none is given and returns it once', async () => {
    const res = await api('POST', '/api/v1/users', { username: 'so-noi-vu', admin: true })
    expect(res.status).toBe(201)
    expect(res.body.password).toMatch(/^[\w-]{20}$/)
    expect(res.body.admin).toBe(true)
    expect(await canLogIn('so-noi-vu', res.body.password)).toBe(true)
    const again = await api('GET', `/api/v1/users/${res.body.id}`)
    expect(again.body).not.toHaveProperty('password')
  })

  it('refuses a taken name, a bad name, a weak password and an unknown unit with stable codes', async () => {
    const taken = await api('POST', '/api/v1/users', { username: 'LAN.NGUYEN', password: 'another long phrase' })
    expect([taken.status, taken.body.error.code]).toEqual([409, 'username_taken'])
    expect((await api('POST', '/api/v1/users', { username: 'Trần Văn B' })).body.error.code).toBe('invalid_username')
    const cases: [string, string][] = [
      ['short9', 'too_short'],
      ['minh-anh-2026', 'contains_username'],
      ['Password123', 'common'],
    ]
    for (const [password, reason] of cases) {
      const weak = await api('POST', '/api/v1/users', { username: 'minh-anh', password })
      expect([weak.status, weak.body.error.code, weak.body.error.reason], password).toEqual([422, 'weak_password', reason])
      expect(weak.body.error.message).toMatch(/^Mật khẩu chưa đủ mạnh: /)
    }
    const english = await fetch(`${srv.url}/api/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en', cookie: admin }, body: JSON.stringify({ username: 'minh-anh', password: 'short9' }) })
    expect((await english.json()).error.message).toBe('The password is too weak: it needs at least 10 characters.')
    expect((await api('POST', '/api/v1/users', { username: 'minh-anh', grants: [{ unit: 999999, role: 'viewer' }] })).body.error.code).toBe('unit_not_found')
    expect((await api('POST', '/api/v1/users', { username: 'minh-anh', grants: [{ unit: ids.a!, role: 'owner' }] })).status).toBe(422)
    // None of the refused attempts left an account behind.
    expect((await api('GET', '/api/v1/users')).body.users.some((u: { username: string }) => u.username === 'minh-anh')).toBe(false)
  })

  it('changes roles: a grant can be set, changed and removed', async () => {
    const put = await api('PUT', `/api/v1/users/${ids.lan}/grants/${ids.b}`, { role: 'viewer' })
    expect(put.status).toBe(200)
    expect(put.body.grants.map((g: { unit: number; role: string }) => [g.unit, g.role])).toEqual([
      [ids.a, 'manager'],
      [ids.b, 'viewer'],
    ])
    const lan = await loginAs(srv, 'lan.nguyen', 'sông Hồng chảy mãi')
    expect((await api('GET', `/api/v1/touchpoints?unit=${ids.b}`, undefined, lan)).status).toBe(200)
    expect((await api('POST', '/api/v1/touchpoints', { unit: ids.b, survey: 'counter-rating', label: 'Quầy 1' }, lan)).status).toBe(403)
    await api('PUT', `/api/v1/users/${ids.lan}/grants/${ids.b}`, { role: 'manager' })
    expect((await api('POST', '/api/v1/touchpoints', { unit: ids.b, survey: 'counter-rating', label: 'Quầy 1' }, lan)).status).toBe(201)
    expect((await api('DELETE', `/api/v1/users/${ids.lan}/grants/${ids.b}`)).body.grants).toHaveLength(1)
    expect((await api('GET', `/api/v1/touchpoints?unit=${ids.b}`, undefined, lan)).status).toBe(403)
    expect((await api('DELETE', `/api/v1/users/${ids.lan}/grants/${ids.b}`)).body.error.code).toBe('grant_not_found')
    expect((await api('PUT', `/api/v1/users/${ids.lan}/grants/999999`, { role: 'viewer' })).body.error.code).toBe('unit_not_found')
    expect((await api('PUT', `/api/v1/users/424242/grants/${ids.a}`, { role: 'viewer' })).body.error.code).toBe('user_not_found')
    expect((await api('PUT', `/api/v1/users/${ids.lan}/grants/${ids.a}`, { role: 'admin' })).status).toBe(422)
  })

  it('disables an account: its sessions end and it cannot log in until enabled again', async () => {
    const lan = await loginAs(srv, 'lan.nguyen', 'sông Hồng chảy mãi')
    const patched = await api('PATCH', `/api/v1/users/${ids.lan}`, { disabled: true, display_name: 'Chị Lan' })
    expect(patched.body).toMatchObject({ disabled: true, display_name: 'Chị Lan' })
    expect((await api('GET', '/api/v1/auth/me', undefined, lan)).status).toBe(401)
    expect(await canLogIn('lan.nguyen', 'sông Hồng chảy mãi')).toBe(false)
    await api('PATCH', `/api/v1/users/${ids.lan}`, { disabled: false })
    expect(await canLogIn('lan.nguyen', 'sông Hồng chảy mãi')).toBe(true)
    expect((await api('PATCH', `/api/v1/users/${ids.lan}`, { disabled: 'yes' })).status).toBe(422)
  })

  it('keeps an administrator from locking themself out', async () => {
    const me = (await api('GET', '/api/v1/auth/me')).body.id
    for (const change of [{ disabled: true }, { admin: false }]) {
      const res = await api('PATCH', `/api/v1/users/${me}`, change)
      expect([res.status, res.body.error.code]).toEqual([409, 'self_lockout'])
    }
    expect((await api('GET', '/api/v1/auth/me')).body.admin).toBe(true)
    expect((await api('PATCH', `/api/v1/users/${me}`, { display_name: 'Sở Nội vụ' })).status).toBe(200)
  })

  it('resets a password: generated or given, and the old sessions end', async () => {
    const lan = await loginAs(srv, 'lan.nguyen', 'sông Hồng chảy mãi')
    const reset = await api('POST', `/api/v1/users/${ids.lan}/password`)
    expect(reset.status).toBe(200)
    expect(reset.body.password).toMatch(/^[\w-]{20}$/)
    expect((await api('GET', '/api/v1/auth/me', undefined, lan)).status).toBe(401)
    expect(await canLogIn('lan.nguyen', 'sông Hồng chảy mãi')).toBe(false)
    expect(await canLogIn('lan.nguyen', reset.body.password)).toBe(true)
    expect((await api('POST', `/api/v1/users/${ids.lan}/password`, { password: 'lan.nguyen.2026' })).body.error.reason).toBe('contains_username')
    expect((await api('POST', `/api/v1/users/${ids.lan}/password`, { password: 'mưa rào tháng sáu' })).status).toBe(204)
    expect(await canLogIn('lan.nguyen', 'mưa rào tháng sáu')).toBe(true)
    expect((await api('GET', '/api/v1/users')).body.users.find((u: { id: number }) => u.id === ids.lan).password_changed_at).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('answers 401 without a session and 403 to anyone but an administrator', async () => {
    const manager = await staffCookie(srv, 'manager-only', [{ unit: ids.province!, role: 'manager' }])
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { username: 'intruder', password: 'a long enough phrase' }],
      ['GET', `/api/v1/users/${ids.lan}`],
      ['PATCH', `/api/v1/users/${ids.lan}`, { admin: true }],
      ['PUT', `/api/v1/users/${ids.lan}/grants/${ids.b}`, { role: 'manager' }],
      ['DELETE', `/api/v1/users/${ids.lan}/grants/${ids.a}`],
      ['POST', `/api/v1/users/${ids.lan}/password`, {}],
    ]
    for (const [method, path, body] of calls) {
      expect((await api(method, path, body, null)).status, `${method} ${path}`).toBe(401)
      expect((await api(method, path, body, manager)).status, `${method} ${path}`).toBe(403)
    }
    expect((await api('GET', '/api/v1/users')).body.users.some((u: { username: string; admin: boolean }) => u.username === 'intruder')).toBe(false)
  })
})

describe('/admin/users pages', () => {
  it('lists the users with their roles', async () => {
    const res = await page('/admin/users')
    expect(res.status).toBe(200)
    expect(res.html).toContain('data-user="lan.nguyen"')
    expect(res.html).toContain('Quản lý: Xã An Bình')
    expect(res.html).toMatch(/<option value="\d+">(&nbsp;|\u00a0)+Xã Bình Minh<\/option>/)
  })

  it('creates a user with a role on a unit and shows the generated password once', async () => {
    const res = await formPost('/admin/users', { username: 'hoa.tran', display_name: 'Trần Thị Hoa', password: '', unit: String(ids.b), role: 'viewer' })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const password = /data-generated-password[^>]*>([^<]+)</.exec(res.html)![1]!
    expect(await canLogIn('hoa.tran', password)).toBe(true)
    const hoa = (await api('GET', '/api/v1/users')).body.users.find((u: { username: string }) => u.username === 'hoa.tran')
    expect(hoa.grants).toEqual([{ unit: ids.b, unit_name: 'Xã Bình Minh', unit_code: null, role: 'viewer' }])
    ids.hoa = hoa.id
    expect((await page(`/admin/users/${hoa.id}`)).html).not.toContain(password)
  })

  it('creates a user with a chosen password and redirects to it; a refused form keeps what was typed', async () => {
    const ok = await formPost('/admin/users', { username: 'binh', password: 'những ngày mưa dài', unit: '' , role: 'viewer' })
    expect(ok.status).toBe(303)
    expect(ok.location).toMatch(/^\/admin\/users\/\d+\?done=created$/)
    expect((await page(ok.location!)).html).toContain('Đã tạo người dùng.')
    const refused = await formPost('/admin/users', { username: 'khanh', display_name: 'Lê Khánh', password: '123', unit: String(ids.a), role: 'manager' })
    expect(refused.status).toBe(422)
    expect(refused.html).toContain('Mật khẩu chưa đủ mạnh: cần ít nhất 10 ký tự.')
    expect(refused.html).toContain('value="Lê Khánh"')
    expect(await canLogIn('khanh', '123')).toBe(false)
  })

  it('edits, grants, revokes and resets through forms', async () => {
    const base = `/admin/users/${ids.hoa}`
    const saved = await formPost(base, { display_name: 'Chị Hoa', disabled: '1' })
    expect([saved.status, saved.location]).toEqual([303, `${base}?done=saved`])
    let hoa = (await api('GET', `/api/v1/users/${ids.hoa}`)).body
    expect(hoa).toMatchObject({ display_name: 'Chị Hoa', disabled: true, admin: false })
    await formPost(base, { display_name: 'Chị Hoa' })
    expect((await api('GET', `/api/v1/users/${ids.hoa}`)).body.disabled).toBe(false)

    expect((await formPost(`${base}/grants`, { unit: String(ids.a), role: 'manager' })).location).toBe(`${base}?done=granted`)
    hoa = (await api('GET', `/api/v1/users/${ids.hoa}`)).body
    expect(hoa.grants.map((g: { unit: number }) => g.unit).sort()).toEqual([ids.a, ids.b].sort())
    expect((await formPost(`${base}/grants/${ids.b}/delete`, {})).location).toBe(`${base}?done=revoked`)
    expect((await api('GET', `/api/v1/users/${ids.hoa}`)).body.grants).toEqual([{ unit: ids.a, unit_name: 'Xã An Bình', unit_code: null, role: 'manager' }])
    const missing = await formPost(`${base}/grants/${ids.b}/delete`, {})
    expect(missing.status).toBe(404)
    expect(missing.html).toContain('Người dùng này không có quyền trên đơn vị đó.')

    const reset = await formPost(`${base}/password`, { password: '' })
    expect(reset.status).toBe(200)
    const password = /data-generated-password[^>]*>([^<]+)</.exec(reset.html)![1]!
    expect(await canLogIn('hoa.tran', password)).toBe(true)
    expect((await formPost(`${base}/password`, { password: 'chị hoa ở hà nội' })).location).toBe(`${base}?done=reset`)
    expect(await canLogIn('hoa.tran', 'chị hoa ở hà nội')).toBe(true)
  })

  it('shows the self-lockout refusal on the page', async () => {
    const me = (await api('GET', '/api/v1/auth/me')).body.id
    const res = await formPost(`/admin/users/${me}`, { display_name: 'Sở Nội vụ' })
    expect(res.status).toBe(409)
    expect(res.html).toContain('Bạn không thể tự khóa tài khoản của mình')
    expect((await api('GET', '/api/v1/auth/me')).body.admin).toBe(true)
  })

  it('sends the signed-out to log in and refuses non-administrators', async () => {
    const anon = await page('/admin/users', null)
    expect([anon.status, anon.location]).toEqual([303, '/login?next=%2Fadmin%2Fusers'])
    expect((await formPost('/admin/users', { username: 'x' }, null)).status).toBe(401)
    const viewer = await staffCookie(srv, 'viewer-only', [{ unit: ids.a!, role: 'viewer' }])
    expect((await page('/admin/users', viewer)).status).toBe(403)
    expect((await page(`/admin/users/${ids.hoa}`, viewer)).status).toBe(403)
    expect((await formPost(`/admin/users/${ids.hoa}/password`, {}, viewer)).status).toBe(403)
  })
})
