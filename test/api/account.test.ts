/**
 * The signed-in user's own account: who am I (GET /api/v1/auth/me, /account)
 * and the change of password, which keeps only the session that made it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginAs, STAFF_PASSWORD, staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
const ids: Record<string, number> = {}

const me = async (cookie: string | null) => {
  const res = await fetch(`${srv.url}/api/v1/auth/me`, { headers: cookie ? { cookie } : {} })
  return { status: res.status, body: await res.json() }
}

const changePassword = (cookie: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/api/v1/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify(body) })

const canLogIn = async (username: string, password: string) =>
  (await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).status === 200

const newCookie = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? null

beforeAll(async () => {
  srv = await startServer()
  const admin = await srv.login()
  const unit = async (body: object) => (await (await fetch(`${srv.url}/api/v1/units`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin }, body: JSON.stringify(body) })).json()).id
  ids.province = await unit({ name: 'Tỉnh Thử', type: 'province' })
  ids.a = await unit({ name: 'Xã An Bình', type: 'commune', parent: ids.province })
  ids.b = await unit({ name: 'Xã Bình Minh', type: 'commune', parent: ids.province })
})
afterAll(() => srv.close())

describe('GET /api/v1/auth/me', () => {
  it('tells the user who they are and which units they hold roles on', async () => {
    const cookie = await staffCookie(srv, 'mai', [
      { unit: ids.a!, role: 'manager' },
      { unit: ids.b!, role: 'viewer' },
    ])
    const res = await me(cookie)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: expect.any(Number),
      username: 'mai',
      display_name: null,
      admin: false,
      grants: [
        { unit: ids.a, unit_name: 'Xã An Bình', unit_code: null, role: 'manager' },
        { unit: ids.b, unit_name: 'Xã Bình Minh', unit_code: null, role: 'viewer' },
      ],
    })
    expect((await me(await srv.login())).body).toMatchObject({ username: 'admin', admin: true, grants: [] })
    expect((await me(null)).status).toBe(401)
  })
})

describe('POST /api/v1/auth/password', () => {
  it('checks the current password and the policy before changing anything', async () => {
    const cookie = await staffCookie(srv, 'tuan', [{ unit: ids.a!, role: 'viewer' }])
    const wrong = await changePassword(cookie, { current: 'not the password', password: 'một mật khẩu mới dài' })
    expect([wrong.status, (await wrong.json()).error.code]).toEqual([401, 'bad_credentials'])
    const weak = await changePassword(cookie, { current: STAFF_PASSWORD, password: 'tuan-tuan-tuan' })
    expect(await weak.json()).toMatchObject({ error: { code: 'weak_password', reason: 'contains_username' } })
    expect((await changePassword(cookie, { current: STAFF_PASSWORD })).status).toBe(422)
    expect(await canLogIn('tuan', STAFF_PASSWORD)).toBe(true)
    expect((await me(cookie)).status).toBe(200)
    expect((await changePassword('', { current: STAFF_PASSWORD, password: 'một mật khẩu mới dài' })).status).toBe(401)
  })

  it('sets the new password, ends every other session and keeps this browser signed in with a fresh session', async () => {
    const cookie = await staffCookie(srv, 'hanh', [{ unit: ids.a!, role: 'viewer' }])
    const elsewhere = await loginAs(srv, 'hanh', STAFF_PASSWORD)
    const res = await changePassword(cookie, { current: STAFF_PASSWORD, password: 'bầu trời xanh thẳm' })
    expect(res.status).toBe(204)
    const fresh = newCookie(res)!
    expect(fresh).toMatch(/^hl_session=/)
    expect(fresh).not.toBe(cookie)
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/i)
    expect((await me(fresh)).body.username).toBe('hanh')
    expect((await me(cookie)).status).toBe(401)
    expect((await me(elsewhere)).status).toBe(401)
    expect(await canLogIn('hanh', STAFF_PASSWORD)).toBe(false)
    expect(await canLogIn('hanh', 'bầu trời xanh thẳm')).toBe(true)
  })
})

describe('/account page', () => {
  const get = (cookie: string | null) => fetch(`${srv.url}/account`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  const post = (cookie: string, fields: Record<string, string>) =>
    fetch(`${srv.url}/account/password`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(fields).toString() })

  it('shows the roles, or says there are none', async () => {
    const viewer = await staffCookie(srv, 'quang', [{ unit: ids.b!, role: 'viewer' }])
    const html = await (await get(viewer)).text()
    expect(html).toContain('Chỉ xem: Xã Bình Minh')
    expect(html).toContain('action="/account/password"')
    const nobody = await staffCookie(srv, 'nobody', [])
    const res = await get(nobody)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Tài khoản chưa được giao quyền trên đơn vị nào.')
    const anon = await get(null)
    expect([anon.status, anon.headers.get('location')]).toEqual([303, '/login?next=%2Faccount'])
  })

  it('changes the password through the form and comes back with a notice', async () => {
    const cookie = await staffCookie(srv, 'thu', [{ unit: ids.a!, role: 'manager' }])
    const mismatch = await post(cookie, { current: STAFF_PASSWORD, password: 'hoa sen trong đầm', confirm: 'hoa sen trong ao' })
    expect(mismatch.status).toBe(422)
    expect(await mismatch.text()).toContain('Hai lần nhập mật khẩu mới không khớp.')
    const wrong = await post(cookie, { current: 'nope', password: 'hoa sen trong đầm', confirm: 'hoa sen trong đầm' })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('Mật khẩu hiện tại không đúng.')

    const ok = await post(cookie, { current: STAFF_PASSWORD, password: 'hoa sen trong đầm', confirm: 'hoa sen trong đầm' })
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/account?done=password'])
    const fresh = newCookie(ok)!
    const after = await fetch(`${srv.url}/account?done=password`, { headers: { cookie: fresh } })
    expect(await after.text()).toContain('Đã đổi mật khẩu.')
    expect(await canLogIn('thu', 'hoa sen trong đầm')).toBe(true)
    expect((await me(cookie)).status).toBe(401)
  })

  it('keeps the page language through the form', async () => {
    const cookie = await staffCookie(srv, 'linh', [])
    const res = await fetch(`${srv.url}/account/password?lang=en`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ current: STAFF_PASSWORD, password: 'short', confirm: 'short' }).toString(),
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('The password is too weak: it needs at least 10 characters.')
    expect(html).toContain('action="/account/password?lang=en"')
  })
})
