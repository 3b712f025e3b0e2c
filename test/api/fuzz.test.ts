/**
 * Nothing stuffed: thousands of generated bad requests to every public route,
 * sent over a bare socket so that invalid bytes, odd methods and broken
 * headers reach the server as an attacker would send them. Every answer is a
 * 4xx (never a 5xx, never silence): from the application, with a catalogued
 * `error.code` as JSON on API paths and an HTML page elsewhere; from Node's
 * own parser (400, 431) only for requests that break HTTP itself. Valid
 * submissions are mixed in and stored; no fuzzed response leaves a trace.
 *
 * Short by default (≈2,000 requests); HAILONG_LONG_TESTS=1 sends 20,000.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anyCase, nastyCases, problemWith, wantsJson, type Case } from '../support/fuzz-cases.ts'
import { FRAGMENTS, pct } from '../support/hostile-values.ts'
import { exchange } from '../support/raw-http.ts'
import { startServer, TEST_DIALECT, type TestServer } from '../support/start-server.ts'

const LONG = process.env.HAILONG_LONG_TESTS === '1'
const RUNS = LONG ? 20_000 : 2_000
/** Requests in flight at once: the server is never idle while a scrypt or an fsync runs. */
const BATCH = 5
/** One valid submission with every this many batches. */
const VALID_EVERY = 3

let srv: TestServer
let port: number
let code: string

beforeAll(async () => {
  // Rate limits off: the valid submissions mixed in come from one address at machine speed and must be stored.
  // Behind a "proxy" on loopback, a test can give each login its own client address, so the client lockout does not hide what a login does.
  srv = await startServer({ env: { HAILONG_RATE_LIMIT: '0', HAILONG_TRUST_PROXY: 'loopback' } })
  port = Number(new URL(srv.url).port)
  const cookie = await srv.login()
  const post = async (path: string, body: unknown) =>
    (await fetch(srv.url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()
  const unit = await post('/api/v1/units', { name: 'Xã Thử Lửa', type: 'commune', sector: 'administrative' })
  code = (await post('/api/v1/touchpoints', { unit: unit.id, survey: 'counter-rating', label: 'Quầy 1' })).code
}, 60_000)
afterAll(() => srv.close())

const countResponses = async () => Number((await srv.hl.store.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

describe(`fuzzing the public routes (${TEST_DIALECT}, ${RUNS} requests)`, () => {
  it('refuses every known nasty string in every field with a 4xx and a stable code, and stores none of them', async () => {
    const before = await countResponses()
    const cases = nastyCases(code)
    const problems: string[] = []
    for (const c of cases) {
      const res = await exchange(port, c.req)
      const problem = problemWith(c, res)
      if (problem) problems.push(`${c.note}: ${problem} ${res.body.toString('utf8').slice(0, 120)}`)
    }
    expect(problems).toEqual([])
    expect(await countResponses()).toBe(before)
    // An unknown language is no error: the page speaks Vietnamese.
    for (const v of FRAGMENTS) expect((await exchange(port, { method: 'GET', path: `/s/${code}?lang=${pct(v)}`, headers: [], body: null })).status, v).toBe(200)
    // SQL and HTML in a comment are a citizen's words: stored as the text they are, nothing more.
    for (const v of FRAGMENTS.filter((f) => f.isWellFormed())) {
      const id = randomUUID()
      const res = await exchange(port, { method: 'POST', path: '/api/v1/responses', headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify({ id, touchpoint: code, answers: { overall: 1 }, comment: v, lang: v })) })
      expect(res.status, v).toBe(201)
      const row = await srv.hl.store.db.selectFrom('responses').select('comment').where('uid', '=', id).executeTakeFirstOrThrow()
      expect(row.comment, v).toBe(v.normalize('NFC').trim())
    }
  }, 120_000)

  it(
    'answers every bad request 4xx with a stable code, stores none of them, and still stores the good ones',
    async () => {
      const before = await countResponses()
      const fuzzIds = new Set<string>()
      const validIds: string[] = []
      const codes = new Map<string, number>()
      let sent = 0

      const sendValid = async () => {
        const id = randomUUID()
        validIds.push(id)
        const viaForm = validIds.length % 2 === 0
        const res = viaForm
          ? await exchange(port, { method: 'POST', path: `/s/${code}`, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: Buffer.from(new URLSearchParams({ id, lang: 'vi', overall: '2' }).toString()) })
          : await exchange(port, { method: 'POST', path: '/api/v1/responses', headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify({ id, touchpoint: code, answers: { overall: 0, improve: 3 }, comment: 'Hợp lệ' })) })
        expect(res.status, `valid submission via ${viaForm ? 'form' : 'API'}`).toBe(viaForm ? 303 : 201)
      }

      const one = async (c: Case) => {
        c.ids.forEach((id) => fuzzIds.add(id))
        sent++
        const res = await exchange(port, c.req)
        const problem = problemWith(c, res)
        if (problem) throw new Error(`${c.note}: ${problem}\n${res.body.toString('utf8').slice(0, 300)}`)
        const key = `${res.status} ${wantsJson(c) && res.headers['x-content-type-options'] && c.req.method !== 'HEAD' ? JSON.parse(res.body.toString('utf8')).error.code : ''}`.trim()
        codes.set(key, (codes.get(key) ?? 0) + 1)
      }
      let batches = 0
      await fc.assert(
        fc.asyncProperty(fc.array(anyCase(code), { minLength: BATCH, maxLength: BATCH }), async (cases) => {
          await Promise.all([...cases.map(one), ...(++batches % VALID_EVERY === 0 ? [sendValid()] : [])])
        }),
        { numRuns: RUNS / BATCH, endOnFailure: !LONG },
      )

      await srv.hl.writer.drain()
      expect(await countResponses()).toBe(before + validIds.length)
      const stored = new Set((await srv.hl.store.db.selectFrom('responses').select('uid').execute()).map((r) => r.uid))
      expect(validIds.filter((id) => !stored.has(id))).toEqual([])
      expect([...fuzzIds].filter((id) => stored.has(id))).toEqual([])
      console.log(`[fuzz] ${sent} bad requests, ${validIds.length} valid ones stored; answers: ${[...codes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ')}`)
    },
    LONG ? 1_800_000 : 180_000,
  )
})
