/**
 * Behind a reverse proxy: X-Forwarded-For and X-Forwarded-Proto count only
 * when HAILONG_TRUST_PROXY names the peer that sent them. The client is the
 * right-most forwarded address that is not itself a trusted proxy; HTTPS as
 * the proxy reports it makes the session cookie Secure. Without the setting,
 * forged headers change nothing: not the throttling, not the cookie.
 */
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientAddress, clientHttps, clientInfoMiddleware, parseTrustedProxies } from '../../server/http/client-address.ts'
import type { AppEnv } from '../../server/http/context.ts'
import { CLIENT_RULE } from '../../server/http/auth-routes.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { staffCookie, STAFF_PASSWORD } from '../support/staff.ts'

/** What the app concludes about a request from `peer` carrying `headers`. */
async function seen(trust: string | null, peer: string, headers: Record<string, string> = {}) {
  const app = new Hono<AppEnv>()
  app.use('*', clientInfoMiddleware(trust))
  app.get('/', (c) => c.json({ address: clientAddress(c), https: clientHttps(c) }))
  const res = await app.request('http://hailong.test/', { headers }, { incoming: { socket: { remoteAddress: peer } } })
  return (await res.json()) as { address: string; https: boolean }
}

describe('which address is the client', () => {
  it('ignores forwarded headers when no proxy is trusted', async () => {
    expect(await seen(null, '203.0.113.5', { 'x-forwarded-for': '10.1.1.1', 'x-forwarded-proto': 'https' })).toEqual({ address: '203.0.113.5', https: false })
  })

  it('ignores them from a peer that is not a trusted proxy', async () => {
    expect(await seen('127.0.0.1', '203.0.113.5', { 'x-forwarded-for': '10.1.1.1', 'x-forwarded-proto': 'https' })).toEqual({ address: '203.0.113.5', https: false })
  })

  it('takes the right-most untrusted address from a trusted proxy, whatever the client wrote to its left', async () => {
    expect(await seen('127.0.0.1', '127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.20' })).toEqual({ address: '198.51.100.20', https: false })
    // Two proxies in a row, both trusted by CIDR: the client is the hop before them.
    expect((await seen('127.0.0.1, 10.0.0.0/8', '127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.20, 10.2.3.4' })).address).toBe('198.51.100.20')
    // Garbage where an address should be: the last good hop stands.
    expect((await seen('127.0.0.1', '127.0.0.1', { 'x-forwarded-for': 'not-an-ip' })).address).toBe('127.0.0.1')
    expect((await seen('127.0.0.1', '127.0.0.1')).address).toBe('127.0.0.1')
  })

  it('knows loopback in both families, IPv4 on a dual-stack socket, and IPv6 clients', async () => {
    expect((await seen('loopback', '::1', { 'x-forwarded-for': '2001:db8::7' })).address).toBe('2001:db8::7')
    expect((await seen('loopback', '::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.9' })).address).toBe('198.51.100.9')
    expect((await seen(null, '::ffff:198.51.100.9')).address).toBe('198.51.100.9')
  })

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    expect((await seen('127.0.0.1', '127.0.0.1', { 'x-forwarded-proto': 'https' })).https).toBe(true)
    expect((await seen('127.0.0.1', '127.0.0.1', { 'x-forwarded-proto': 'http' })).https).toBe(false)
  })

  it('refuses a malformed setting when the app is built', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '1.2.3', '10.0.0.1/8/2']) expect(() => clientInfoMiddleware(bad), bad).toThrow(/HAILONG_TRUST_PROXY/)
    expect(parseTrustedProxies('  ')).toBeNull()
  })
})

const loginWith = (srv: TestServer, username: string, password: string, headers: Record<string, string>) =>
  fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) })

describe('a server without HAILONG_TRUST_PROXY', () => {
  let srv: TestServer
  beforeAll(async () => {
    srv = await startServer()
    await staffCookie(srv, 'direct', [])
  })
  afterAll(() => srv.close())

  it('does not make the cookie Secure because a header says https', async () => {
    const res = await loginWith(srv, 'direct', STAFF_PASSWORD, { 'x-forwarded-proto': 'https' })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).not.toContain('Secure')
  })

  it('cannot be escaped by forging X-Forwarded-For: one socket is one client', async () => {
    const statuses = []
    for (let i = 0; i <= CLIENT_RULE.failures; i++) statuses.push((await loginWith(srv, `nobody-${i}`, 'wrong', { 'x-forwarded-for': `198.51.100.${i + 1}` })).status)
    expect(statuses.at(-1)).toBe(429)
    expect((await loginWith(srv, 'direct', STAFF_PASSWORD, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429)
  })
})

describe('a server behind a trusted proxy', () => {
  let srv: TestServer
  beforeAll(async () => {
    srv = await startServer({ env: { HAILONG_TRUST_PROXY: 'loopback' } })
    await staffCookie(srv, 'proxied', [])
  })
  afterAll(() => srv.close())

  it('makes the session cookie Secure when the proxy says the browser came over https', async () => {
    const res = await loginWith(srv, 'proxied', STAFF_PASSWORD, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.1' })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/)
  })

  it('throttles each forwarded client on its own', async () => {
    for (let i = 0; i < CLIENT_RULE.failures; i++) await loginWith(srv, `nobody-${i}`, 'wrong', { 'x-forwarded-for': '198.51.100.66' })
    expect((await loginWith(srv, 'proxied', STAFF_PASSWORD, { 'x-forwarded-for': '198.51.100.66' })).status).toBe(429)
    expect((await loginWith(srv, 'proxied', STAFF_PASSWORD, { 'x-forwarded-for': '198.51.100.67' })).status).toBe(200)
  })
})
