/**
 * /api/docs: every operation of /api/v1/openapi.json on one page, in
 * Vietnamese and English, with curl examples, and nothing the strict CSP
 * would block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
beforeAll(async () => {
  srv = await startServer()
})
afterAll(() => srv.close())

const decode = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')

describe('API docs page', () => {
  it('lists every operation of the OpenAPI document, with a curl example', async () => {
    const doc = await (await fetch(`${srv.url}/api/v1/openapi.json`)).json()
    const res = await fetch(`${srv.url}/api/docs`)
    expect(res.status).toBe(200)
    const html = decode(await res.text())
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${path}`))
    expect(ops.length).toBeGreaterThan(40)
    for (const op of ops) expect(html, op).toContain(op)
    expect(html).toContain(`curl -X POST "${srv.url}/api/v1/tickets"`)
    expect(html).toContain('Authorization: Bearer $HAILONG_TOKEN')
    expect(html).toContain('"reference": "HS-2026-000123"')
  })

  it('explains in Vietnamese by default and in English on request', async () => {
    const vi = await (await fetch(`${srv.url}/api/docs`)).text()
    expect(vi).toContain('lang="vi"')
    expect(vi).toContain('Kết nối với hệ thống một cửa')
    const en = await (await fetch(`${srv.url}/api/docs?lang=en`)).text()
    expect(en).toContain('lang="en"')
    expect(en).toContain('Connecting the one-stop shop')
  })

  it('has no inline script or style attribute, under the strict CSP', async () => {
    const res = await fetch(`${srv.url}/api/docs`)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await res.text()
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/)
    expect(html).not.toMatch(/\sstyle="/)
    expect(html).not.toMatch(/\son[a-z]+="/)
  })
})
