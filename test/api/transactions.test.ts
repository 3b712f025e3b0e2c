/**
 * Daily counts of dossiers returned: idempotent per day, unit and service,
 * and turned into the response rate and the Ministry's sample size in the
 * results and the province table.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../server/domain/local-day.ts'
import { requiredSample } from '../../server/domain/sample-size.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
let A: number
let A2: number
let token: string
let svc: number
const today = localDay(new Date())

async function call(method: string, path: string, opts: { json?: unknown; bearer?: string; cookie?: string } = {}) {
  const headers: Record<string, string> = {}
  let body: string | undefined
  if (opts.json !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(opts.json)]
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`
  if (opts.cookie) headers.cookie = opts.cookie
  const res = await fetch(srv.url + path, { method, headers, body })
  return { status: res.status, json: await res.json() }
}

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const mk = async (path: string, json: unknown) => (await call('POST', path, { json, cookie: admin })).json
  const P = (await mk('/api/v1/units', { name: 'Tỉnh', type: 'province' })).id
  A = (await mk('/api/v1/units', { name: 'Huyện A', type: 'district', sector: 'administrative', parent: P, code: 'H-A' })).id
  A2 = (await mk('/api/v1/units', { name: 'Xã A2', type: 'commune', sector: 'administrative', parent: A })).id
  svc = (await mk('/api/v1/services', { name: 'Chứng thực', sector: 'administrative' })).id
  const tp = await mk('/api/v1/touchpoints', { unit: A2, survey: 'counter-rating', label: 'Quầy' })
  for (let i = 0; i < 12; i++) await call('POST', '/api/v1/responses', { json: { id: randomUUID(), touchpoint: tp.code, answers: { overall: 2 } } })
  await srv.hl.writer.drain()
  token = (await mk('/api/v1/clients', { name: 'Một cửa', unit: A })).token
}, 60_000)
afterAll(() => srv.close())

describe('transaction counts', () => {
  it('computes the required sample n = N / (1 + N·0.05²), rounded up', () => {
    expect(requiredSample(0)).toBe(0)
    expect(requiredSample(100)).toBe(80)
    expect(requiredSample(1000)).toBe(286)
    expect(requiredSample(1_000_000)).toBe(400)
  })

  it('stores counts idempotently per day, unit and service', async () => {
    const items = [
      { day: today, unit: 'H-A', count: 5 },
      { day: today, unit: A2, service: svc, count: 20 },
    ]
    expect((await call('POST', '/api/v1/transactions', { json: { items }, bearer: token })).json).toEqual({ stored: 2 })
    expect((await call('POST', '/api/v1/transactions', { json: { items }, bearer: token })).status).toBe(200)
    // A correction replaces the day's count.
    await call('POST', '/api/v1/transactions', { json: { items: [{ day: today, unit: A2, service: svc, count: 30 }] }, bearer: token })
    const rows = await srv.hl.store.db.selectFrom('transactions').select(['unit_id', 'service_id', 'count']).orderBy('unit_id').execute()
    expect(rows).toEqual([
      { unit_id: A, service_id: 0, count: 5 },
      { unit_id: A2, service_id: svc, count: 30 },
    ])
    const read = (await call('GET', `/api/v1/transactions?unit=${A}&from=${today}&to=${today}`, { bearer: token })).json
    expect(read.N).toBe(35)
  })

  it('adds the response rate and whether n reaches the required sample to the results and the province table', async () => {
    const r = (await call('GET', `/api/v1/results?unit=${A2}&from=${today}&to=${today}`, { bearer: token })).json
    expect(r.n).toBe(12)
    expect(r.transactions).toEqual({ N: 30, response_rate: 0.4, required_n: requiredSample(30), reaches_required: false })
    const table = (await call('GET', `/api/v1/results/units?unit=${A}&from=${today}&to=${today}`, { cookie: admin })).json
    const row = table.rows.find((x: { unit_id: number }) => x.unit_id === A2)
    expect(row.transactions).toEqual({ N: 30, response_rate: 0.4, required_n: 28, reaches_required: false })
    expect(row.below_required).toBe(true)
    const top = table.rows.find((x: { unit_id: number }) => x.unit_id === A)
    expect(top.transactions.N).toBe(35)
  })
})
