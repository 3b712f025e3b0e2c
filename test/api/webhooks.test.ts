/**
 * Webhooks against real receivers on loopback. One fails the first two
 * attempts of every delivery: each event still arrives exactly once (by
 * webhook-id) after the retries, signed the Standard Webhooks way. Another
 * accepts connections and never answers: submissions meanwhile return as
 * usual, because they only enqueue.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifySignature } from '../../server/webhooks/sign.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
let A: number
let tpCode: string

interface Received {
  attempts: Map<string, number>
  accepted: { id: string; type: string; data: Record<string, unknown> }[]
  badSignatures: number
}

async function call(method: string, path: string, json?: unknown) {
  const res = await fetch(srv.url + path, { method, headers: { cookie: admin, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) }, body: json === undefined ? undefined : JSON.stringify(json) })
  return { status: res.status, json: await res.json() }
}

/** A receiver that answers 500 to the first `failures` attempts of each delivery, then 200, checking every signature. */
function flakyReceiver(secret: () => string, failures: number): Promise<{ server: Server; url: string; got: Received }> {
  const got: Received = { attempts: new Map(), accepted: [], badSignatures: 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const headers = { id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']) }
      if (!verifySignature(secret(), headers, body)) {
        got.badSignatures++
        res.writeHead(400).end()
        return
      }
      const n = (got.attempts.get(headers.id) ?? 0) + 1
      got.attempts.set(headers.id, n)
      if (n <= failures) {
        res.writeHead(500).end('not yet')
        return
      }
      const event = JSON.parse(body)
      got.accepted.push({ id: headers.id, type: event.type, data: event.data })
      res.writeHead(200).end('ok')
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got })))
}

async function until(check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

const submit = (overall: number) => fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), touchpoint: tpCode, answers: overall ? { overall } : { overall, improve: 1 } }) })

beforeAll(async () => {
  srv = await startServer({ env: { HAILONG_WEBHOOK_BACKOFF_MS: '40' } })
  admin = await srv.login()
  const P = (await call('POST', '/api/v1/units', { name: 'Tỉnh', type: 'province' })).json.id
  A = (await call('POST', '/api/v1/units', { name: 'Xã A', type: 'commune', sector: 'administrative', parent: P })).json.id
  tpCode = (await call('POST', '/api/v1/touchpoints', { unit: A, survey: 'counter-rating', label: 'Quầy 1' })).json.code
}, 60_000)
afterAll(() => srv.close())

describe('webhooks', () => {
  it('refuses a URL that is not http(s)', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/x', 'javascript:alert(1)', 'not a url']) {
      expect((await call('POST', '/api/v1/webhooks', { url, events: ['response.created'] })).status).toBe(422)
    }
  })

  it('delivers every event exactly once, signed, after the receiver failed the first attempts', async () => {
    let secret = ''
    const rx = await flakyReceiver(() => secret, 2)
    try {
      const made = await call('POST', '/api/v1/webhooks', { url: rx.url, events: ['response.created', 'response.negative', 'period.approved'] })
      expect(made.status).toBe(201)
      secret = made.json.secret
      expect(secret).toMatch(/^whsec_/)

      const ratings = [2, 0, 1, 2, 0, 2, 2, 1, 0, 2, 2, 2]
      const sent = await Promise.all(ratings.map(async (r) => (await submit(r)).status))
      expect(sent.every((s) => s === 201)).toBe(true)
      const approved = await fetch(`${srv.url}/api/v1/periods/${A}/2025-01/approve`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: '{}' })
      expect(approved.status).toBe(200)

      // Counter rating: 1 and 2 are satisfied, so only 0 is negative (domain/comment-tone.ts).
      const negatives = ratings.filter((r) => r === 0).length
      const expected = ratings.length + negatives + 1
      await until(() => rx.got.accepted.length >= expected)
      // Anything sent twice would arrive in the next rounds of the dispatcher.
      await new Promise((r) => setTimeout(r, 500))

      const ids = rx.got.accepted.map((a) => a.id)
      expect(ids.length).toBe(expected)
      expect(new Set(ids).size).toBe(expected)
      expect(rx.got.badSignatures).toBe(0)
      for (const id of ids) expect(rx.got.attempts.get(id)).toBe(3)
      const types = rx.got.accepted.map((a) => a.type)
      expect(types.filter((t) => t === 'response.created').length).toBe(ratings.length)
      expect(types.filter((t) => t === 'response.negative').length).toBe(negatives)
      expect(rx.got.accepted.find((a) => a.type === 'period.approved')?.data).toMatchObject({ unit_id: A, period: '2025-01' })

      const log = (await call('GET', `/api/v1/webhooks/${made.json.id}/deliveries?limit=1000`)).json.items as { id: string; status: string; attempts: number; last_status_code: number }[]
      expect(log.length).toBe(expected)
      expect(new Set(log.map((d) => d.id))).toEqual(new Set(ids))
      expect(log.every((d) => d.status === 'delivered' && d.attempts === 3 && d.last_status_code === 200)).toBe(true)
      await call('PATCH', `/api/v1/webhooks/${made.json.id}`, { active: false })
    } finally {
      rx.server.close()
    }
  }, 60_000)

  it('keeps submissions prompt while a receiver hangs', async () => {
    const sockets: Socket[] = []
    const hang = createTcpServer((s) => {
      sockets.push(s)
      s.on('error', () => {})
    })
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r))
    try {
      const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/hook`
      const made = await call('POST', '/api/v1/webhooks', { url, events: ['response.created'] })
      expect(made.status).toBe(201)
      // A first submission, then wait until its delivery is stuck on the receiver.
      expect((await submit(2)).status).toBe(201)
      await until(() => sockets.length > 0)
      for (let i = 0; i < 10; i++) {
        const res = await submit(2)
        expect(res.status).toBe(201)
      }
      // Every submission returned while the first delivery was still waiting for an answer.
      const pending = await srv.hl.store.db.selectFrom('webhook_deliveries').select(['status']).where('webhook_id', '=', made.json.id).execute()
      expect(pending.length).toBe(11)
      expect(pending.some((d) => d.status !== 'delivered')).toBe(true)
      expect(sockets.some((s) => !s.destroyed)).toBe(true)
      await call('PATCH', `/api/v1/webhooks/${made.json.id}`, { active: false })
    } finally {
      for (const s of sockets) s.destroy()
      hang.close()
    }
  }, 30_000)
})
