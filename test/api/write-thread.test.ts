/**
 * The SQLite write thread (server/store/write-thread.ts) dying under load:
 * the submissions in flight get 503 write_unavailable, the thread starts
 * again, and sending them again with the same ids stores each exactly once.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { startServer, TEST_DIALECT, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let code: string

beforeAll(async () => {
  srv = await startServer({ env: { HAILONG_RATE_LIMIT: '0' } })
  const cookie = await srv.login()
  const post = async (path: string, body: unknown) => (await fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })).json()
  const unit = await post('/api/v1/units', { name: 'Xã Thử', type: 'commune', sector: 'administrative' })
  code = (await post('/api/v1/touchpoints', { unit: unit.id, survey: 'counter-rating', label: 'Quầy 1' })).code
})

afterAll(() => srv.close())

const submit = async (id: string, overall: number) => {
  const res = await fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, touchpoint: code, answers: { overall } }) })
  return { status: res.status, body: await res.json() }
}

describe.skipIf(TEST_DIALECT === 'postgres')('the write thread', () => {
  it('answers 503 for what was in flight when it died, comes back, and a resend is stored once', async () => {
    const thread = srv.hl.writeThread!
    expect(thread).not.toBeNull()
    const sent = Array.from({ length: 60 }, (_, i) => ({ id: randomUUID(), overall: i % 3 }))
    // Kill the thread while a batch of them is being committed.
    const answers = sent.map((s) => submit(s.id, s.overall))
    while (!thread.inFlight) await new Promise((r) => setImmediate(r))
    await thread.terminate()
    const first = await Promise.all(answers)
    for (const a of first) expect([201, 503]).toContain(a.status)
    const unavailable = first.filter((a) => a.status === 503)
    expect(unavailable.length).toBeGreaterThan(0)
    for (const a of unavailable) expect(a.body.error.code).toBe('write_unavailable')

    // Clients send again what got no 201, with the same ids; some may already be stored (committed just before the thread died).
    const again = await Promise.all(sent.map((s, i) => (first[i]!.status === 201 ? null : submit(s.id, s.overall))))
    for (const a of again) if (a) expect([200, 201]).toContain(a.status)

    const rows = await srv.hl.store.db.selectFrom('responses').select(['uid']).where('uid', 'in', sent.map((s) => s.id)).execute()
    expect(rows.length).toBe(sent.length)
    expect(new Set(rows.map((r) => r.uid)).size).toBe(sent.length)
    expect((await verifyRollups(srv.hl.store.db, srv.hl.store.dialect, srv.hl.surveys)).flatMap((c) => c.mismatched)).toEqual([])
  })
})
