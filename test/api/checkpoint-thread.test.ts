/**
 * The SQLite checkpoint thread (server/store/checkpoint-worker.ts): while
 * submissions are committed, the committed pages reach the database file
 * itself, not only the WAL. The write thread's own automatic checkpoint
 * starts only past 4,000 WAL pages, which this load stays below, so
 * without the checkpoint thread the file would not grow at all.
 */
import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, TEST_DIALECT, type TestServer } from '../support/start-server.ts'

let srv: TestServer
const codes: string[] = []

beforeAll(async () => {
  srv = await startServer()
  const cookie = await srv.login()
  const post = async (path: string, body: unknown) => (await fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })).json()
  for (let u = 0; u < 8; u++) {
    const unit = await post('/api/v1/units', { name: `Xã ${u}`, type: 'commune', sector: 'administrative' })
    codes.push((await post('/api/v1/touchpoints', { unit: unit.id, survey: 'counter-rating', label: 'Quầy 1' })).code)
  }
})

afterAll(() => srv.close())

const fileSize = (name: string) => statSync(join(srv.dataDir, name), { throwIfNoEntry: false })?.size ?? 0

describe.skipIf(TEST_DIALECT === 'postgres')('the checkpoint thread', () => {
  it('copies committed pages into the database file while submissions arrive', async () => {
    // Whatever start-up wrote is in the file before the load begins.
    await new Promise((r) => setTimeout(r, 200))
    const before = fileSize('hailong.sqlite')
    let sent = 0
    const client = async () => {
      while (sent < 800) {
        const i = sent++
        const res = await fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), touchpoint: codes[i % codes.length], answers: { overall: i % 3 } }) })
        expect(res.status).toBe(201)
      }
    }
    await Promise.all(Array.from({ length: 32 }, client))
    await new Promise((r) => setTimeout(r, 300))
    const grown = fileSize('hailong.sqlite') - before
    // 800 responses with their answers and index entries: well over 100 KB of pages.
    expect(grown).toBeGreaterThan(100_000)
    expect(fileSize('hailong.sqlite-wal')).toBeGreaterThan(0)
  })
})
