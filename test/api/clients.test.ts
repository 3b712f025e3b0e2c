/**
 * API clients: made by administrators only, the token shown once and kept
 * as a hash, acting as a manager of its subtree on the integration routes
 * and nowhere else, and refused at once when revoked.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { caller } from '../support/call.ts'

let srv: TestServer
let admin: string
let A: number
let B: number

const call = caller(() => srv.url)

const newClient = async (unit: number, name = 'Một cửa') => (await call('POST', '/api/v1/clients', { json: { name, unit }, cookie: admin })).json as { id: number; token: string }

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const mk = async (json: unknown) => (await call('POST', '/api/v1/units', { json, cookie: admin })).json.id
  const P = await mk({ name: 'Tỉnh', type: 'province' })
  A = await mk({ name: 'Xã A', type: 'commune', sector: 'administrative', parent: P })
  B = await mk({ name: 'Xã B', type: 'commune', sector: 'administrative', parent: P })
}, 60_000)
afterAll(() => srv.close())

describe('API clients', () => {
  it('are made by administrators only; the token is shown once and stored as its hash', async () => {
    const manager = await staffCookie(srv, 'manager-a', [{ unit: A, role: 'manager' }])
    expect((await call('POST', '/api/v1/clients', { json: { name: 'x', unit: A }, cookie: manager })).status).toBe(403)
    expect((await call('GET', '/api/v1/clients', { cookie: manager })).status).toBe(403)
    const made = await call('POST', '/api/v1/clients', { json: { name: 'Một cửa tỉnh', unit: A }, cookie: admin })
    expect(made.status).toBe(201)
    expect(made.json.token).toMatch(/^hlc_[A-Za-z0-9_-]{43}$/)
    const row = await srv.hl.store.db.selectFrom('api_clients').selectAll().where('id', '=', made.json.id).executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(made.json.token)
    expect(row.token_hash).toBe(createHash('sha256').update(made.json.token).digest('base64url'))
    const list = (await call('GET', '/api/v1/clients', { cookie: admin })).json.items
    expect(JSON.stringify(list)).not.toContain(made.json.token)
    const log = await srv.hl.store.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'client.create').execute()
    expect(log).toContainEqual({ action: 'client.create', target_id: String(made.json.id) })
  })

  it('cannot act outside its subtree, nor beyond the integration routes', async () => {
    const { token } = await newClient(A)
    expect((await call('GET', `/api/v1/results?unit=${A}`, { bearer: token })).status).toBe(200)
    expect((await call('GET', `/api/v1/results?unit=${B}`, { bearer: token })).status).toBe(403)
    expect((await call('POST', '/api/v1/transactions', { json: { items: [{ day: '2026-01-05', unit: B, count: 3 }] }, bearer: token })).status).toBe(403)
    expect((await call('POST', '/api/v1/transactions', { json: { items: [{ day: '2026-01-05', unit: A, count: 3 }] }, bearer: token })).status).toBe(200)
    for (const [method, path, json] of [['GET', '/api/v1/units'], ['GET', '/api/v1/clients'], ['POST', '/api/v1/touchpoints', { unit: A, survey: 'counter-rating', label: 'x' }], ['GET', `/api/v1/comments?unit=${A}`], ['GET', '/dashboard']] as const) {
      const res = await call(method, path, { json, bearer: token })
      expect(res.status, `${method} ${path}`).toBe(403)
      if (path.startsWith('/api/')) expect(res.json.error.code).toBe('client_forbidden')
    }
  })

  it('is refused at once when revoked, and an unknown token is refused', async () => {
    const { id, token } = await newClient(A, 'Sẽ thu hồi')
    expect((await call('GET', `/api/v1/results?unit=${A}`, { bearer: token })).status).toBe(200)
    const revoked = await call('POST', `/api/v1/clients/${id}/revoke`, { json: {}, cookie: admin })
    expect(revoked.status).toBe(200)
    expect(revoked.json.revoked_at).not.toBeNull()
    const after = await call('GET', `/api/v1/results?unit=${A}`, { bearer: token })
    expect(after.status).toBe(401)
    expect(after.json.error.code).toBe('token_revoked')
    const unknown = await call('GET', `/api/v1/results?unit=${A}`, { bearer: 'hlc_not-a-real-token' })
    expect(unknown.status).toBe(401)
    expect(unknown.json.error.code).toBe('invalid_token')
    const log = await srv.hl.store.db.selectFrom('audit_log').select('action').where('action', '=', 'client.revoke').execute()
    expect(log.length).toBe(1)
  })

  it('records its last use', async () => {
    const { id, token } = await newClient(A, 'Dùng thử')
    const before = await srv.hl.store.db.selectFrom('api_clients').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()
    expect(before.last_used_at).toBeNull()
    await call('GET', `/api/v1/results?unit=${A}`, { bearer: token })
    const after = await srv.hl.store.db.selectFrom('api_clients').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()
    expect(after.last_used_at).not.toBeNull()
  })

  it('shows a token made on the page once, and lists clients without it', async () => {
    const page = await call('POST', '/admin/clients', { form: { name: 'Trang quản trị', unit: String(A) }, cookie: admin })
    expect(page.status).toBe(201)
    const token = /hlc_[A-Za-z0-9_-]{43}/.exec(page.text)?.[0]
    expect(token).toBeTruthy()
    const listing = await call('GET', '/admin/clients', { cookie: admin })
    expect(listing.text).toContain('Trang quản trị')
    expect(listing.text).not.toContain(token!)
  })
})
