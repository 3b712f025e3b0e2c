/**
 * A stuffing attack replayed: one client sends hundreds of identical top
 * ratings to a counter within a minute while dozens of citizens, each on
 * their own phone, answer genuinely at the same counter. The unit's
 * published figure must be the figure of the genuine responses alone, every
 * genuine response counted, and the attack kept (flagged), not lost.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

const LIMITS_ON = { env: { HAILONG_RATE_LIMIT: '1' } }
const ATTACK = 300
/** 15 very satisfied, 15 satisfied, 15 not satisfied: an index of 2/3. */
const GENUINE = Array.from({ length: 45 }, (_, i): Record<string, number> => (i % 3 === 2 ? { overall: 0, improve: 1 + (i % 7) } : { overall: 2 - (i % 3) }))

let attacked: TestServer
let control: TestServer

interface Setup {
  unit: number
  code: string
  cookie: string
}

async function setUp(srv: TestServer): Promise<Setup> {
  const cookie = await srv.login()
  const post = async (path: string, body: unknown) => (await fetch(srv.url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()
  const unit = (await post('/api/v1/units', { name: 'UBND xã Thử', type: 'commune', sector: 'administrative' })).id
  const code = (await post('/api/v1/touchpoints', { unit, survey: 'counter-rating', label: 'Quầy 1' })).code
  return { unit, code, cookie }
}

/** One citizen's phone: its own browser string, through the form or the JSON channel. */
function citizen(srv: TestServer, code: string, i: number, answers: Record<string, number>): Promise<number> {
  const ua = `Mozilla/5.0 (Linux; Android 14; SM-A${100 + i}) AppleWebKit/537.36 Chrome/${120 + i}.0 Mobile Safari/537.36`
  if (i % 2) {
    const form = new URLSearchParams({ id: randomUUID(), lang: 'vi', website: '', ...Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, String(v)])) })
    return fetch(`${srv.url}/s/${code}`, { method: 'POST', headers: { 'user-agent': ua, 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' }).then((r) => r.status)
  }
  return fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'user-agent': ua, 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), touchpoint: code, answers }) }).then((r) => r.status)
}

const BOT = 'python-requests/2.31'
const attack = (srv: TestServer, code: string) =>
  fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'user-agent': BOT, 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), touchpoint: code, answers: { overall: 2 } }) }).then((r) => r.status)

async function results(srv: TestServer, s: Setup, include = 'included') {
  const today = localDay(new Date())
  const res = await fetch(`${srv.url}/api/v1/results?unit=${s.unit}&from=${addDays(today, -1)}&to=${addDays(today, 1)}&include=${include}`, { headers: { cookie: s.cookie } })
  expect(res.status).toBe(200)
  return res.json()
}

const figure = (r: { n: number; index: number | null; ci: unknown; verdict: string; more_needed: unknown; suppressed: boolean }) => ({ n: r.n, index: r.index, ci: r.ci, verdict: r.verdict, more_needed: r.more_needed, suppressed: r.suppressed })

let a: Setup
let c: Setup

beforeAll(async () => {
  ;[attacked, control] = await Promise.all([startServer(LIMITS_ON), startServer(LIMITS_ON)])
  ;[a, c] = await Promise.all([setUp(attacked), setUp(control)])
}, 60_000)
afterAll(async () => {
  await Promise.all([attacked?.close(), control?.close()])
})

describe('a stuffing attack', () => {
  let attackStatuses: number[]
  let genuineStatuses: number[]

  it('is refused or flagged while every genuine response sent at the same time is taken', async () => {
    // Interleaved: the attack and the citizens' phones hit the counter in the same minute.
    const attackRuns = Array.from({ length: ATTACK }, () => attack(attacked, a.code))
    const genuineRuns = GENUINE.map((answers, i) => citizen(attacked, a.code, i, answers))
    ;[attackStatuses, genuineStatuses] = await Promise.all([Promise.all(attackRuns), Promise.all(genuineRuns)])
    expect(genuineStatuses.every((s) => s === 201 || s === 303), String(genuineStatuses)).toBe(true)
    expect(attackStatuses.filter((s) => s === 429).length).toBeGreaterThan(ATTACK - 10)
    expect(attackStatuses.every((s) => s === 201 || s === 429)).toBe(true)
    await attacked.hl.writer.drain()
  })

  it('leaves the published figure equal to that of the genuine responses alone', async () => {
    for (const [i, answers] of GENUINE.entries()) expect([201, 303]).toContain(await citizen(control, c.code, i, answers))
    await control.hl.writer.drain()
    const clean = await results(control, c)
    expect(clean.n).toBe(GENUINE.length)
    expect(clean.index).toBeCloseTo(2 / 3, 6)
    const published = await results(attacked, a)
    expect(figure(published)).toEqual(figure(clean))
  })

  it('keeps the accepted attack responses, flagged, in the "all" figure and for review', async () => {
    const accepted = attackStatuses.filter((s) => s === 201).length
    expect(accepted).toBeGreaterThan(0)
    const published = await results(attacked, a)
    expect(published.excluded).toBe(accepted)
    const all = await results(attacked, a, 'all')
    expect(all.n).toBe(GENUINE.length + accepted)
    expect(all.index).toBeGreaterThan(published.index)
    const flags = await (await fetch(`${attacked.url}/api/v1/flags?unit=${a.unit}&from=${addDays(localDay(new Date()), -1)}&to=${addDays(localDay(new Date()), 1)}`, { headers: { cookie: a.cookie } })).json()
    expect(flags.items).toHaveLength(accepted)
    expect(flags.items.every((f: { flags: string[]; status: string }) => f.flags.includes('burst') && f.status === 'flagged')).toBe(true)
    expect(new Set(flags.items.map((f: { client: string }) => f.client)).size).toBe(1)
  })

  it('leaves the rollups equal to a recount of the counted responses', async () => {
    const checks = await verifyRollups(attacked.hl.store.db, attacked.hl.store.dialect, attacked.hl.surveys)
    expect(checks.flatMap((x) => x.mismatched)).toEqual([])
    const rolled = await attacked.hl.store.db.selectFrom('rollups').select((eb) => eb.fn.sum<number>('n').as('n')).executeTakeFirstOrThrow()
    expect(Number(rolled.n)).toBe(GENUINE.length)
  })
})
