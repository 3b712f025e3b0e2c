/**
 * GET /api/v1/results on hand-made data: every figure checked against a
 * hand computation, subtree pooling, breakdowns, verdicts and the errors.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let cookie: string
const ids: Record<string, number> = {}
const codes: Record<string, string> = {}
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)

async function api(path: string, json?: unknown, withCookie = true) {
  const res = await fetch(srv.url + path, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(withCookie ? { cookie } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
  return { status: res.status, body: await res.json() }
}

/** Submits `sat` satisfied and `unsat` unsatisfied counter ratings at a touchpoint. */
async function rate(code: string, sat: number, unsat: number) {
  const bodies = [
    ...Array.from({ length: sat }, (_, i) => ({ overall: i % 2 ? 2 : 1 })),
    ...Array.from({ length: unsat }, () => ({ overall: 0, improve: 1 })),
  ]
  const results = await Promise.all(bodies.map((answers) => api('/api/v1/responses', { id: randomUUID(), touchpoint: code, answers })))
  expect(results.every((r) => r.status === 201)).toBe(true)
}

/** Wilson 95% interval, written out independently of the code under test. */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054
  const p = k / n
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n)
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)))
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}

const results = (q: string) => api(`/api/v1/results?from=${today}&to=${today}&${q}`)

beforeAll(async () => {
  srv = await startServer()
  cookie = await srv.login()
  const unit = async (key: string, body: object) => (ids[key] = (await api('/api/v1/units', body)).body.id)
  await unit('province', { name: 'Tỉnh Thử', type: 'province', code: 'T01' })
  await unit('a', { name: 'Xã A', type: 'commune', sector: 'administrative', parent: ids.province })
  await unit('b', { name: 'Xã B', type: 'commune', sector: 'administrative', parent: ids.province })
  await unit('c', { name: 'Xã C', type: 'commune', sector: 'administrative', parent: ids.province })
  ids.s1 = (await api('/api/v1/services', { name: 'Chứng thực', sector: 'administrative' })).body.id
  ids.s2 = (await api('/api/v1/services', { name: 'Khai sinh', sector: 'administrative' })).body.id
  const tp = async (key: string, body: object) => {
    const res = await api('/api/v1/touchpoints', body)
    codes[key] = res.body.code
    ids[`tp_${key}`] = res.body.id
  }
  await tp('a1', { unit: ids.a, survey: 'counter-rating', service: ids.s1, label: 'Quầy 1' })
  await tp('a2', { unit: ids.a, survey: 'counter-rating', service: ids.s2, label: 'Quầy 2' })
  await tp('b1', { unit: ids.b, survey: 'counter-rating', label: 'Quầy B' })
  await rate(codes.a1!, 8, 2)
  await rate(codes.a2!, 5, 5)
  await rate(codes.b1!, 9, 1)
})

afterAll(() => srv.close())

describe('GET /api/v1/results', () => {
  it('pools a subtree: 22 of 30 satisfied, Wilson interval, target 95% for administrative services, not met', async () => {
    const { status, body } = await results(`unit=${ids.province}`)
    expect(status).toBe(200)
    expect(body.survey.id).toBe('counter-rating')
    expect(body.n).toBe(30)
    expect(body.index).toBeCloseTo(22 / 30, 6)
    const [lo, hi] = wilson(22, 30)
    expect(body.ci[0]).toBeCloseTo(lo, 6)
    expect(body.ci[1]).toBeCloseTo(hi, 6)
    expect(body.target).toBe(0.95)
    expect(body.verdict).toBe('not_met')
    expect(body.target_source).toMatch(/NQ 76/)
  })

  it('breaks down by touchpoint, service and month with the same figures per group', async () => {
    const byTp = (await results(`unit=${ids.province}&by=touchpoint`)).body
    const tp = Object.fromEntries(byTp.groups.map((g: { key: string }) => [g.key, g]))
    expect(tp[ids.tp_a1!]).toMatchObject({ n: 10, index: 0.8, verdict: 'too_few' })
    expect(tp[ids.tp_a2!]).toMatchObject({ n: 10, index: 0.5 })
    expect(tp[ids.tp_b1!]).toMatchObject({ n: 10, index: 0.9 })
    expect(tp[ids.tp_a1!].label).toBe('Xã A — Quầy 1')

    const bySvc = (await results(`unit=${ids.province}&by=service`)).body
    const svc = Object.fromEntries(bySvc.groups.map((g: { label: string; n: number; index: number }) => [g.label, [g.n, g.index]]))
    expect(svc).toEqual({ 'Chứng thực': [10, 0.8], 'Khai sinh': [10, 0.5], '(không gắn dịch vụ)': [10, 0.9] })

    const byMonth = (await results(`unit=${ids.province}&by=month`)).body
    expect(byMonth.groups).toHaveLength(1)
    expect(byMonth.groups[0]).toMatchObject({ key: today.slice(0, 7), n: 30 })
  })

  it('breaks down by section and item', async () => {
    const bySection = (await results(`unit=${ids.a}&by=section`)).body
    expect(bySection.groups).toEqual([expect.objectContaining({ key: 'R', n: 20, index: 0.65 })])
    const byItem = (await results(`unit=${ids.a}&by=item`)).body
    expect(byItem.groups).toEqual([expect.objectContaining({ key: 'overall', n: 20, index: 0.65 })])
    expect(byItem.groups[0].label).toMatch(/^overall\. Ông\/Bà đánh giá/)
  })

  it('gives each verdict its due: met, undecided with responses still needed, too few', async () => {
    await api('/api/v1/touchpoints', { unit: ids.c, survey: 'counter-rating', label: 'Quầy C' }).then((r) => (codes.c1 = r.body.code))
    await rate(codes.c1!, 100, 0)
    const met = (await results(`unit=${ids.c}`)).body
    expect(met).toMatchObject({ n: 100, index: 1, verdict: 'met' })
    expect(met.ci[0]).toBeCloseTo(wilson(100, 100)[0], 6)
    await rate(codes.c1!, 94, 6)
    const undecided = (await results(`unit=${ids.c}`)).body
    expect(undecided).toMatchObject({ n: 200, index: 0.97, verdict: 'undecided' })
    // z²·p(1−p)/(p−t)² = 3.8415·0.97·0.03/0.0004 = 279.5 → 280 − 200 more.
    expect(undecided.more_needed).toBe(80)
    expect((await results(`unit=${ids.b}`)).body.verdict).toBe('too_few')
  })

  it('asks which instrument when a subtree used several, and lists them', async () => {
    const sipas = (await api('/api/v1/touchpoints', { unit: ids.b, survey: 'sipas', label: 'SIPAS' })).body.code
    expect((await api('/api/v1/responses', { id: randomUUID(), touchpoint: sipas, answers: { C15: 4 } })).status).toBe(201)
    const res = await results(`unit=${ids.province}`)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('survey_required')
    expect(res.body.error.surveys.sort()).toEqual(['counter-rating', 'sipas'])
    const chosen = await results(`unit=${ids.province}&survey=sipas`)
    expect(chosen.body).toMatchObject({ n: 1, index: 1, verdict: 'too_few' })
  })

  it('refuses bad queries with stable codes and requires a login', async () => {
    expect((await api(`/api/v1/results?unit=${ids.province}`, undefined, false)).status).toBe(401)
    const cases: [string, number, string][] = [
      ['unit=abc', 400, 'invalid_query'],
      ['unit=99999', 404, 'unit_not_found'],
      [`unit=${ids.a}&from=2026-02-30`, 400, 'invalid_query'],
      [`unit=${ids.a}&from=2026-05-01&to=2026-04-01`, 400, 'invalid_query'],
      [`unit=${ids.a}&by=weekday`, 400, 'invalid_query'],
      [`unit=${ids.a}&survey=nosuch`, 404, 'survey_not_found'],
    ]
    for (const [q, status, code] of cases) {
      const res = await api(`/api/v1/results?${q}`)
      expect([q, res.status, res.body.error.code]).toEqual([q, status, code])
    }
  })
})
