/**
 * Staff sessions: the cookie's attributes, a new token at every login, the
 * end of a session left idle (HAILONG_SESSION_IDLE_MINUTES) besides the
 * 12-hour limit, and a last use written at most once a minute. Time is moved
 * by editing the session's row in the store.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'
import { loginAs, staffCookie, STAFF_PASSWORD } from '../support/staff.ts'

let srv: TestServer
let noIdle: TestServer
beforeAll(async () => {
  srv = await startServer({ env: { HAILONG_SESSION_IDLE_MINUTES: '30' } })
  noIdle = await startServer({ env: { HAILONG_SESSION_IDLE_MINUTES: '0' } })
})
afterAll(async () => {
  await srv.close()
  await noIdle.close()
})

const me = async (server: TestServer, cookie: string) => (await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } })).status
const tokenHash = (cookie: string) => createHash('sha256').update(cookie.split('=')[1]!).digest('base64url')
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString()

async function session(server: TestServer, cookie: string) {
  return server.hl.store.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash(cookie)).executeTakeFirst()
}
async function setSession(server: TestServer, cookie: string, set: { last_seen_at?: string; expires_at?: string }) {
  await server.hl.store.db.updateTable('sessions').set(set).where('token_hash', '=', tokenHash(cookie)).execute()
}

describe('the session cookie', () => {
  it('is httpOnly, SameSite=Lax, for the whole site, and not Secure over plain http', async () => {
    await staffCookie(srv, 'cookie-user', [])
    const res = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cookie-user', password: STAFF_PASSWORD }) })
    const set = res.headers.get('set-cookie')!
    expect(set).toMatch(/^hl_session=[\w-]{43};/)
    expect(set).toContain('HttpOnly')
    expect(set).toContain('SameSite=Lax')
    expect(set).toContain('Path=/')
    expect(set).not.toContain('Secure')
  })

  it('gets a new token at login and the token sent along stops working', async () => {
    const first = await staffCookie(srv, 'rotating', [])
    const res = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: first }, body: JSON.stringify({ username: 'rotating', password: STAFF_PASSWORD }) })
    const second = res.headers.get('set-cookie')!.split(';')[0]!
    expect(second).not.toBe(first)
    expect(await me(srv, first)).toBe(401)
    expect(await me(srv, second)).toBe(200)
  })
})

describe('idle expiry', () => {
  it('ends a session unused for longer than the idle limit, and removes it', async () => {
    const cookie = await staffCookie(srv, 'idle-user', [])
    expect(await me(srv, cookie)).toBe(200)
    await setSession(srv, cookie, { last_seen_at: minutesAgo(31) })
    expect(await me(srv, cookie)).toBe(401)
    expect(await session(srv, cookie)).toBeUndefined()
  })

  it('keeps a session used within the limit alive and moves its last use forward', async () => {
    const cookie = await loginAs(srv, 'idle-user', STAFF_PASSWORD)
    await setSession(srv, cookie, { last_seen_at: minutesAgo(29) })
    expect(await me(srv, cookie)).toBe(200)
    const seen = Date.parse((await session(srv, cookie))!.last_seen_at!)
    expect(Date.now() - seen).toBeLessThan(60_000)
    // Twenty-nine more idle minutes from that use are still fine: the first use counted.
    await setSession(srv, cookie, { last_seen_at: minutesAgo(29) })
    expect(await me(srv, cookie)).toBe(200)
  })

  it('writes the last use at most once a minute', async () => {
    const cookie = await loginAs(srv, 'idle-user', STAFF_PASSWORD)
    const recent = new Date(Date.now() - 20_000).toISOString()
    await setSession(srv, cookie, { last_seen_at: recent })
    expect(await me(srv, cookie)).toBe(200)
    expect(await me(srv, cookie)).toBe(200)
    expect((await session(srv, cookie))!.last_seen_at).toBe(recent)
  })

  it('still ends every session at its absolute limit, however busy', async () => {
    const cookie = await loginAs(srv, 'idle-user', STAFF_PASSWORD)
    await setSession(srv, cookie, { last_seen_at: new Date().toISOString(), expires_at: minutesAgo(1) })
    expect(await me(srv, cookie)).toBe(401)
  })

  it('leaves idle sessions alone when the setting is 0', async () => {
    const cookie = await staffCookie(noIdle, 'no-idle', [])
    await setSession(noIdle, cookie, { last_seen_at: minutesAgo(11 * 60) })
    expect(await me(noIdle, cookie)).toBe(200)
  })
})
