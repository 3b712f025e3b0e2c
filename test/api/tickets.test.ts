/**
 * One-time survey tickets through the real server: made with a client's
 * bearer token, answered once at /t/{code} (verified), refused the second
 * time, when expired or unknown, and never made or read outside the client's
 * subtree. The dossier's reference is not in the database.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'
import { caller } from '../support/call.ts'

let srv: TestServer
let admin: string
let A: number
let B: number
let token: string
let counter: string

const call = caller(() => srv.url, { accept: 'application/json' })

const ticketFor = (unit: number | string, reference = `HS-${randomUUID()}`) => ({ unit, procedure_code: '1.000123', returned_at: new Date().toISOString(), reference })
const answer = (code: string, id = randomUUID(), overall = '2') => call('POST', `/t/${code}`, { form: { id, overall, lang: 'vi' } })

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const mk = async (path: string, json: unknown) => (await call('POST', path, { json, cookie: admin })).json
  const P = (await mk('/api/v1/units', { name: 'Tỉnh', type: 'province' })).id
  A = (await mk('/api/v1/units', { name: 'Xã A', type: 'commune', sector: 'administrative', parent: P, code: 'XA-A' })).id
  B = (await mk('/api/v1/units', { name: 'Xã B', type: 'commune', sector: 'administrative', parent: P, code: 'XA-B' })).id
  await mk('/api/v1/services', { name: 'Cấp giấy khai sinh', sector: 'administrative', code: '1.000123' })
  counter = (await mk('/api/v1/touchpoints', { unit: A, survey: 'counter-rating', label: 'Quầy 1' })).code
  const client = await call('POST', '/api/v1/clients', { json: { name: 'Một cửa tỉnh', unit: A }, cookie: admin })
  expect(client.status).toBe(201)
  token = client.json.token
}, 60_000)
afterAll(() => srv.close())

describe('one-time tickets', () => {
  it('makes a ticket with a bearer token, answers it once (verified), and refuses the second answer', async () => {
    const made = await call('POST', '/api/v1/tickets', { json: ticketFor('XA-A'), bearer: token })
    expect(made.status).toBe(201)
    const { code, url, qr_svg, qr_png } = made.json
    expect(code).toMatch(/^[a-z0-9]{10}$/)
    expect(url).toBe(`${srv.url}/t/${code}`)
    expect((await fetch(qr_svg)).headers.get('content-type')).toContain('image/svg+xml')
    expect((await fetch(qr_png)).headers.get('content-type')).toBe('image/png')
    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(`action="/t/${code}"`)

    const id = randomUUID()
    const first = await answer(code, id)
    expect(first.status).toBe(201)
    expect(first.json).toEqual({ id, verified: true })
    // The same response again is a replay, not a second use.
    expect((await answer(code, id)).status).toBe(200)
    const second = await answer(code)
    expect(second.status).toBe(409)
    expect(second.json.error.code).toBe('ticket_used')
    expect((await call('GET', `/t/${code}`)).json.error.code).toBe('ticket_used')

    const db = srv.hl.store.db
    const rows = await db.selectFrom('responses').select(['uid', 'verified']).where('verified', '=', 1).execute()
    expect(rows).toEqual([{ uid: id, verified: 1 }])
    expect((await call('GET', `/api/v1/tickets/${code}`, { bearer: token })).json.state).toBe('used')
  })

  it('refuses an expired ticket (410) and an unknown one (404), storing nothing', async () => {
    const { code } = (await call('POST', '/api/v1/tickets', { json: { ...ticketFor(A), expires_in_days: 1 }, bearer: token })).json
    await srv.hl.store.db.updateTable('tickets').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('code', '=', code).execute()
    const before = await countResponses()
    const expired = await answer(code)
    expect(expired.status).toBe(410)
    expect(expired.json.error.code).toBe('ticket_expired')
    const unknown = await answer('zzzzzzzzzz')
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.code).toBe('ticket_not_found')
    expect(await countResponses()).toBe(before)
  })

  it('lets exactly one of two simultaneous answers take a ticket', async () => {
    const { code } = (await call('POST', '/api/v1/tickets', { json: ticketFor(A), bearer: token })).json
    const outcomes = await Promise.all([answer(code), answer(code), answer(code)])
    expect(outcomes.map((o) => o.status).sort()).toEqual([201, 409, 409])
    const ticket = await srv.hl.store.db.selectFrom('tickets').select(['response_id']).where('code', '=', code).executeTakeFirstOrThrow()
    expect(ticket.response_id).not.toBeNull()
  })

  it("refuses a client tickets of another subtree, made or read", async () => {
    const made = await call('POST', '/api/v1/tickets', { json: ticketFor(B), bearer: token })
    expect(made.status).toBe(403)
    expect(made.json.error.code).toBe('forbidden')
    const theirs = (await call('POST', '/api/v1/tickets', { json: ticketFor(B), cookie: admin })).json.code
    const read = await call('GET', `/api/v1/tickets/${theirs}`, { bearer: token })
    expect(read.status).toBe(403)
  })

  it('makes a batch all or none, naming the bad item', async () => {
    const count = async () => Number((await srv.hl.store.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const before = await count()
    const bad = await call('POST', '/api/v1/tickets/batch', { json: { tickets: [ticketFor(A), ticketFor(B), ticketFor(A)] }, bearer: token })
    expect(bad.status).toBe(403)
    expect(bad.json.error.index).toBe(1)
    expect(await count()).toBe(before)
    const ok = await call('POST', '/api/v1/tickets/batch', { json: { tickets: [ticketFor(A), ticketFor('XA-A'), ticketFor(A)] }, bearer: token })
    expect(ok.status).toBe(201)
    expect(new Set(ok.json.tickets.map((t: { code: string }) => t.code)).size).toBe(3)
    expect(await count()).toBe(before + 3)
  })

  it('keeps the dossier reference only as a keyed hash', async () => {
    const reference = `HS-RIENG-${randomUUID()}`
    const { code } = (await call('POST', '/api/v1/tickets', { json: ticketFor(A, reference), bearer: token })).json
    const row = await srv.hl.store.db.selectFrom('tickets').selectAll().where('code', '=', code).executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(reference)
    expect(row.ref_hash).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('shows verified responses beside all, and filters to them', async () => {
    for (let i = 0; i < 3; i++) expect((await call('POST', '/api/v1/responses', { json: { id: randomUUID(), touchpoint: counter, answers: { overall: 0, improve: 1 } } })).status).toBe(201)
    await srv.hl.writer.drain()
    const verifiedN = Number((await srv.hl.store.db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).where('verified', '=', 1).where('unit_id', '=', A).executeTakeFirstOrThrow()).n)
    const all = (await call('GET', `/api/v1/results?unit=${A}&survey=counter-rating`, { bearer: token })).json
    expect(all.verified).toEqual({ only: false, n: verifiedN, share: Math.round((verifiedN / all.n) * 1e6) / 1e6 })
    const only = (await call('GET', `/api/v1/results?unit=${A}&survey=counter-rating&verified=only`, { bearer: token })).json
    expect(only.n).toBe(verifiedN)
    expect(only.verified.only).toBe(true)
    expect(all.n).toBe(verifiedN + 3)
  })
})

async function countResponses(): Promise<number> {
  await srv.hl.writer.drain()
  return Number((await srv.hl.store.db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
}
