/**
 * PostgreSQL ends connections on its own: a restart, a failover, an
 * administrator's pg_terminate_backend. The server's idle pooled connections
 * then fail outside any query; the server must log that, open new ones and
 * go on answering, not die of an unheard 'error' event (which is how the
 * suite's own database drops once failed a CI run).
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, TEST_DIALECT, type TestServer } from '../support/start-server.ts'

describe.skipIf(TEST_DIALECT !== 'postgres')('when PostgreSQL ends the idle connections', () => {
  let srv: TestServer
  let admin: string

  beforeAll(async () => {
    srv = await startServer()
    admin = await srv.login()
  })
  afterAll(() => srv?.close())

  it('keeps serving, and nothing submitted is lost', async () => {
    const post = (path: string, body: unknown, cookie?: string) => fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) })
    const unit = (await (await post('/api/v1/units', { name: 'Xã Kết Nối', type: 'commune', sector: 'administrative' }, admin)).json()) as { id: number }
    const tp = (await (await post('/api/v1/touchpoints', { unit: unit.id, survey: 'counter-rating', label: 'Quầy 1' }, admin)).json()) as { code: string }
    // Several requests at once leave several idle connections in the pool.
    const before = await Promise.all(Array.from({ length: 8 }, () => post('/api/v1/responses', { id: randomUUID(), touchpoint: tp.code, answers: { overall: 2 } })))
    expect(before.map((r) => r.status)).toEqual(Array(8).fill(201))

    const name = new URL(srv.config.databaseUrl!).pathname.slice(1)
    const dba = new pg.Client()
    await dba.connect()
    try {
      const { rows } = await dba.query('select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name])
      expect(rows.length).toBeGreaterThan(0)
    } finally {
      await dba.end()
    }
    // Let the ended connections report their errors before the next request.
    await new Promise((r) => setTimeout(r, 200))

    const after = await Promise.all(Array.from({ length: 8 }, () => post('/api/v1/responses', { id: randomUUID(), touchpoint: tp.code, answers: { overall: 0 } })))
    expect(after.map((r) => r.status)).toEqual(Array(8).fill(201))
    const results = (await (await fetch(`${srv.url}/api/v1/results?unit=${unit.id}&survey=counter-rating`, { headers: { cookie: admin } })).json()) as { n: number }
    expect(results.n).toBe(16)
  })
})
