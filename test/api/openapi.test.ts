import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

describe('OpenAPI document', () => {
  it('describes every API route the server registers', async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json()
    const documented = new Set(Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)))
    const registered = new Set(
      server.hl.app.routes
        .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && r.handler.length < 2)
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
    )
    expect(registered.size).toBeGreaterThan(25)
    const missing = [...registered].filter((r) => !documented.has(r) && r !== 'GET /api/v1/openapi.json')
    expect(missing).toEqual([])
    expect(documented.size).toBeGreaterThan(25)
  })
})
