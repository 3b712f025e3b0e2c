import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'

let server: TestServer
let cookie: string

beforeAll(async () => {
  server = await startServer()
  cookie = await server.login()
})
afterAll(() => server.close())

const createUnit = (headers: Record<string, string>) =>
  fetch(`${server.url}/api/v1/units`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...headers },
    body: JSON.stringify({ name: 'Xã Thử', type: 'commune', sector: 'administrative' }),
  })

describe('cross-site request forgery', () => {
  it('refuses a cookie-authenticated change from another site', async () => {
    const forged: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: server.url }]
    for (const headers of forged) {
      const res = await createUnit(headers)
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect((await res.json()).error.code).toBe('csrf')
    }
    const units = await (await fetch(`${server.url}/api/v1/units`, { headers: { cookie } })).json()
    expect(units.units).toHaveLength(0)
  })

  it('accepts the same change from our own pages and from programs', async () => {
    expect((await createUnit({ origin: server.url, 'sec-fetch-site': 'same-origin' })).status).toBe(201)
    expect((await createUnit({})).status).toBe(201)
  })

  it('refuses a forged logout form', async () => {
    const res = await fetch(`${server.url}/logout`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' }, redirect: 'manual' })
    expect(res.status).toBe(403)
    expect((await fetch(`${server.url}/api/v1/units`, { headers: { cookie } })).status).toBe(200)
  })
})
