/**
 * Login throttling: five failures for one username lock it (429
 * login_locked, Retry-After, vi/en message, the login page says so), with the
 * same answers for a username that does not exist; a success clears the
 * username's failures; many failures from one client lock that client for
 * every username; counters live in the database as pseudonyms and a lock ends
 * on time. Each test speaks from its own address through a trusted proxy
 * (X-Forwarded-For), so one test's client counter never touches another's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_RULE, USERNAME_RULE } from '../../server/http/auth-routes.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { staffCookie, STAFF_PASSWORD } from '../support/staff.ts'

let srv: TestServer
let lastOctet = 0
/** A fresh client address for each test. */
const freshClient = () => `198.51.100.${++lastOctet}`

beforeAll(async () => {
  srv = await startServer({ env: { HAILONG_TRUST_PROXY: '127.0.0.1' } })
  for (const name of ['lan', 'hoa', 'minh', 'tuan']) await staffCookie(srv, name, [])
})
afterAll(() => srv.close())

async function login(client: string, username: string, password: string, lang = 'vi') {
  const res = await fetch(`${srv.url}/api/v1/auth/login?lang=${lang}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ username, password }),
  })
  const body = await res.json()
  return { status: res.status, code: body.error?.code as string | undefined, message: body.error?.message as string | undefined, retryAfter: res.headers.get('retry-after') }
}

async function fail(client: string, username: string, times: number) {
  const out = []
  for (let i = 0; i < times; i++) out.push(await login(client, username, `wrong password ${i}`))
  return out
}

describe('per username', () => {
  it('locks a username after five failures, even for the right password, and says when to come back', async () => {
    const client = freshClient()
    const answers = await fail(client, 'lan', USERNAME_RULE.failures)
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 429])
    const locked = await login(freshClient(), 'lan', STAFF_PASSWORD)
    expect([locked.status, locked.code]).toEqual([429, 'login_locked'])
    expect(Number(locked.retryAfter)).toBeGreaterThan(USERNAME_RULE.lockMinutes * 60 - 60)
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(USERNAME_RULE.lockMinutes * 60)
    expect(locked.message).toBe('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.')
    expect((await login(freshClient(), 'lan', STAFF_PASSWORD, 'en')).message).toBe('Too many failed logins. Please try again in 15 minutes.')
    // Another account from another address is untouched.
    expect((await login(freshClient(), 'hoa', STAFF_PASSWORD)).status).toBe(200)
  })

  it('answers an unknown username exactly as a known one, lock included', async () => {
    const known = await fail(freshClient(), 'minh', USERNAME_RULE.failures + 1)
    const unknown = await fail(freshClient(), 'nobody-here', USERNAME_RULE.failures + 1)
    const shape = (a: Awaited<ReturnType<typeof login>>) => ({ status: a.status, code: a.code, message: a.message, retryAfter: a.retryAfter === null ? null : 'set' })
    expect(unknown.map(shape)).toEqual(known.map(shape))
    expect(known.at(-1)!.status).toBe(429)
  })

  it('counts the username however it is typed', async () => {
    const client = freshClient()
    const answers = [await login(client, 'Tuan', 'x1'), await login(client, ' TUAN ', 'x2'), await login(client, 'tuan', 'x3'), await login(client, 'tUaN', 'x4'), await login(client, 'TUAN', 'x5')]
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 429])
  })

  it('forgets the failures of a username at a successful login', async () => {
    const name = 'clears'
    await staffCookie(srv, name, [])
    const client = freshClient()
    await fail(client, name, USERNAME_RULE.failures - 1)
    expect((await login(client, name, STAFF_PASSWORD)).status).toBe(200)
    expect((await fail(client, name, USERNAME_RULE.failures - 1)).map((a) => a.status)).toEqual([401, 401, 401, 401])
    expect((await login(client, name, STAFF_PASSWORD)).status).toBe(200)
  })

  it('ends a lock when its time is up (the clock moved on through the store)', async () => {
    const name = 'expires'
    await staffCookie(srv, name, [])
    await fail(freshClient(), name, USERNAME_RULE.failures)
    expect((await login(freshClient(), name, STAFF_PASSWORD)).status).toBe(429)
    const db = srv.hl.store.db
    await db.updateTable('login_attempts').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('locked_until', 'is not', null).where('locked_until', '>', new Date().toISOString()).execute()
    expect((await login(freshClient(), name, STAFF_PASSWORD)).status).toBe(200)
  })
})

describe('per client', () => {
  it('locks an address that fails on many usernames, for every username, while other addresses go on', async () => {
    const client = freshClient()
    const answers = []
    for (let i = 0; i < CLIENT_RULE.failures; i++) answers.push((await login(client, `guess-${i}`, 'password123')).status)
    expect(answers.slice(0, -1).every((s) => s === 401)).toBe(true)
    expect(answers.at(-1)).toBe(429)
    expect((await login(client, 'hoa', STAFF_PASSWORD)).code).toBe('login_locked')
    // A spoofed left-hand X-Forwarded-For entry does not change who the client is.
    expect((await login(`203.0.113.7, ${client}`, 'hoa', STAFF_PASSWORD)).status).toBe(429)
    expect((await login(freshClient(), 'hoa', STAFF_PASSWORD)).status).toBe(200)
  })
})

describe('the login page', () => {
  it('shows the lock in the page language with 429', async () => {
    const client = freshClient()
    await fail(client, 'page-user', USERNAME_RULE.failures)
    const post = (lang: string) =>
      fetch(`${srv.url}/login?lang=${lang}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': client },
        body: new URLSearchParams({ username: 'page-user', password: 'whatever', next: '/dashboard' }),
      })
    const vi = await post('vi')
    expect(vi.status).toBe(429)
    expect(vi.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await vi.text()).toContain('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.')
    expect(await (await post('en')).text()).toContain('Too many failed logins')
  })
})

describe('what the store keeps', () => {
  it('counts in the database under pseudonyms: no typed username, no address', async () => {
    const rows = await srv.hl.store.db.selectFrom('login_attempts').selectAll().execute()
    expect(rows.length).toBeGreaterThan(3)
    const text = JSON.stringify(rows)
    for (const plain of ['lan', 'minh', 'nobody-here', 'guess-', '198.51.100.', 'wrong password']) expect(text).not.toContain(plain)
  })

  it('audits failures and lockouts, naming only accounts that exist', async () => {
    const log = await srv.hl.store.db.selectFrom('audit_log').selectAll().where('action', 'like', 'login.%').execute()
    const lan = log.filter((r) => r.username === 'lan')
    expect(lan.filter((r) => r.action === 'login.failure')).toHaveLength(USERNAME_RULE.failures)
    expect(lan.filter((r) => r.action === 'login.lockout')).toHaveLength(1)
    expect(JSON.stringify(log)).not.toContain('nobody-here')
    expect(log.some((r) => r.username === null && r.action === 'login.failure' && r.detail?.includes('unknown_user'))).toBe(true)
    expect(log.some((r) => r.action === 'login.success' && r.username === 'hoa')).toBe(true)
  })
})
