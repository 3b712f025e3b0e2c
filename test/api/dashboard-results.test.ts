/**
 * The dashboard's extensions of GET /api/v1/results on hand-made data: ISO
 * weeks, hour-by-weekday cells, the previous period and the change, answer
 * distributions, lowest-first ordering and suppression of small figures
 * (administrators see the numbers flagged, other staff see nulls, the page
 * shows nobody a percentage).
 *
 * Today's answers go through POST /api/v1/responses; answers on chosen past
 * days and hours go through submitResponse, the function that route calls,
 * with a receipt time, since HTTP always stamps "now".
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { submitResponse } from '../../server/responses/submit-response.ts'
import { findTouchpoint } from '../../server/store/touchpoints.ts'
import { translator } from '../../web/i18n/messages.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { staffCookie } from '../support/staff.ts'

let srv: TestServer
let admin: string
let viewerB: string
let viewerP: string
const ids: Record<string, number> = {}
const codes: Record<string, string> = {}
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)

async function call(path: string, cookie: string, json?: unknown) {
  const res = await fetch(srv.url + path, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { cookie, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
  const text = await res.text()
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text }
}

/** Stores each answer set as one response received at `utc` (an instant; local time is UTC+7). */
async function receivedAt(code: string, utc: string, answerSets: Record<string, number>[]) {
  const tp = (await findTouchpoint(srv.hl.store.db, srv.hl.store.dialect, code))!
  for (const answers of answerSets) {
    const out = await submitResponse(srv.hl, { uid: randomUUID(), touchpoint: tp, answers, comment: null, channel: 'api', lang: 'vi', receivedAt: new Date(utc) }, translator('vi'))
    expect(out.status).toBe('created')
  }
}

const times = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v)
const counter = (sat2: number, sat1: number, unsat: number) => [...times(sat2, { overall: 2 }), ...times(sat1, { overall: 1 }), ...times(unsat, { overall: 0, improve: 1 })]

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const unit = async (key: string, body: object) => (ids[key] = (await call('/api/v1/units', admin, body)).body.id)
  await unit('p', { name: 'Tỉnh Bảng', type: 'province', code: 'TB1' })
  await unit('a', { name: 'Xã A', type: 'commune', sector: 'administrative', parent: ids.p })
  await unit('b', { name: 'Xã B', type: 'commune', sector: 'administrative', parent: ids.p })
  await unit('c', { name: 'Trung tâm C', type: 'service-centre', sector: 'administrative' })
  const tp = async (key: string, body: object) => {
    const res = await call('/api/v1/touchpoints', admin, body)
    codes[key] = res.body.code
    ids[`tp_${key}`] = res.body.id
  }
  await tp('a1', { unit: ids.a, survey: 'counter-rating', label: 'Quầy 1' })
  await tp('b1', { unit: ids.b, survey: 'counter-rating', label: 'Quầy B' })
  await tp('c1', { unit: ids.c, survey: 'sipas', label: 'SIPAS' })

  // March 2025 at A: Monday 3rd at 09:15 local (12 answers, 9 satisfied), Wednesday 12th at 14:40 (8, all satisfied).
  await receivedAt(codes.a1!, '2025-03-03T02:15:00Z', counter(5, 4, 3))
  await receivedAt(codes.a1!, '2025-03-12T07:40:00Z', counter(8, 0, 0))
  // February 2025 at A: 10 answers, 5 satisfied.
  await receivedAt(codes.a1!, '2025-02-10T03:00:00Z', counter(5, 0, 5))
  // March 2025 at B: 4 answers, 3 satisfied: under the suppression threshold of 10.
  await receivedAt(codes.b1!, '2025-03-05T01:30:00Z', counter(3, 0, 1))

  // SIPAS today at C: C15 all satisfied, C16 9 of 12, C19 10 of 12, C28 only "no opinion", C31 five answers.
  const sipas = Array.from({ length: 12 }, (_, i) => ({
    C15: 4,
    C16: i < 9 ? 4 : 2,
    C19: i < 10 ? 5 : 1,
    C28: 0,
    ...(i < 5 ? { C31: 1 } : {}),
  }))
  const posted = await Promise.all(sipas.map((answers) => call('/api/v1/responses', '', { id: randomUUID(), touchpoint: codes.c1, answers })))
  expect(posted.map((r) => r.status)).toEqual(times(12, 201))

  viewerB = await staffCookie(srv, 'xem-b', [{ unit: ids.b!, role: 'viewer' }])
  viewerP = await staffCookie(srv, 'xem-tinh', [{ unit: ids.p!, role: 'viewer' }])
})

afterAll(() => srv.close())

const results = (q: string, cookie = admin) => call(`/api/v1/results?${q}`, cookie)

describe('GET /api/v1/results for the dashboard', () => {
  it('groups by ISO week, in order, with labels and each week judged', async () => {
    const { status, body } = await results(`unit=${ids.p}&period=2025-03&by=week`)
    expect(status).toBe(200)
    expect(body.groups.map((g: { key: string; n: number }) => [g.key, g.n])).toEqual([
      ['2025-W10', 16],
      ['2025-W11', 8],
    ])
    expect(body.groups[0].index).toBeCloseTo(12 / 16, 6)
    expect(body.groups[1]).toMatchObject({ index: 1, suppressed: true, target: 0.95, label: 'Tuần 11/2025' })
  })

  it('groups by weekday and local hour of receipt', async () => {
    const { body } = await results(`unit=${ids.a}&period=2025-03&by=hour`)
    expect(body.groups.map((g: { key: string; n: number; index: number }) => [g.key, g.n, g.index])).toEqual([
      ['1-09', 12, 0.75],
      ['3-14', 8, 1],
    ])
    expect(body.groups[0].label).toBe('Thứ Hai, 09 giờ')
  })

  it('compares with the previous month, quarter or custom range', async () => {
    const month = (await results(`unit=${ids.a}&period=2025-03&compare=previous`)).body
    expect(month).toMatchObject({ n: 20, index: 0.85, previous: { from: '2025-02-01', to: '2025-02-28', n: 10, index: 0.5, suppressed: false } })
    expect(month.change).toBeCloseTo(0.35, 6)
    expect(month.previous.ci).toHaveLength(2)

    const quarter = (await results(`unit=${ids.a}&period=2025-Q1&compare=previous`)).body
    expect(quarter.previous).toMatchObject({ from: '2024-10-01', to: '2024-12-31', n: 0, index: null })
    expect(quarter.change).toBeNull()

    // 31 days, so the 31 days before: 29 January to 28 February.
    const custom = (await results(`unit=${ids.a}&from=2025-03-01&to=2025-03-31&compare=previous`)).body
    expect(custom.previous).toMatchObject({ from: '2025-01-29', to: '2025-02-28', n: 10 })

    expect((await results(`unit=${ids.a}&period=2025-03`)).body.previous).toBeUndefined()
    expect((await results(`unit=${ids.a}&period=2025-03&compare=last-year`)).body.error.code).toBe('invalid_query')
  })

  it('gives each item its answer distribution with satisfied and excluded values', async () => {
    const counter = (await results(`unit=${ids.a}&period=2025-03&by=item`)).body
    expect(counter.groups[0].dist).toEqual({
      options: [
        { value: 2, label: 'Rất hài lòng' },
        { value: 1, label: 'Hài lòng' },
        { value: 0, label: 'Không hài lòng' },
      ],
      counts: { '2': 13, '1': 4, '0': 3 },
      satisfied: [1, 2],
      excluded: [],
    })
    const sipas = (await results(`unit=${ids.c}&from=${today}&to=${today}&by=item`)).body
    const c16 = sipas.groups.find((g: { key: string }) => g.key === 'C16')
    expect(c16.dist.counts).toEqual({ '1': 0, '2': 3, '3': 0, '4': 9, '5': 0, '0': 0 })
    expect(c16.dist).toMatchObject({ satisfied: [4, 5], excluded: [0] })
    expect(sipas.groups.find((g: { key: string }) => g.key === 'C28').dist.counts['0']).toBe(12)
  })

  it('lists items and sections lowest index first, suppressed ones last in questionnaire order', async () => {
    const items = (await results(`unit=${ids.c}&from=${today}&to=${today}&by=item`)).body.groups
    const keys = items.map((g: { key: string }) => g.key)
    expect(keys.slice(0, 3)).toEqual(['C16', 'C19', 'C15'])
    expect(items.slice(0, 3).map((g: { index: number }) => g.index)).toEqual([0.75, 10 / 12, 1].map((x) => Math.round(x * 1e6) / 1e6))
    const rest = keys.slice(3)
    expect(rest.map((k: string) => Number(k.slice(1)))).toEqual([...rest.map((k: string) => Number(k.slice(1)))].sort((a, b) => a - b))
    // C31: five answers, all unsatisfied: the lowest index, but suppressed, so among the last (admin still sees it).
    const c31 = items.find((g: { key: string }) => g.key === 'C31')
    expect(c31).toMatchObject({ n: 5, index: 0, suppressed: true })
    expect(items.every((g: { suppressed: boolean }, i: number) => g.suppressed === i >= 3)).toBe(true)

    const sections = (await results(`unit=${ids.c}&from=${today}&to=${today}&by=section`)).body.groups
    expect(sections.map((g: { key: string }) => g.key)).toEqual(['II', 'I', 'III', 'IV', 'V'])
    expect(sections[1].index).toBeCloseTo(0.875, 6)
  })

  it('flags figures under the threshold: administrators keep the numbers, other staff get nulls', async () => {
    const asAdmin = (await results(`unit=${ids.b}&period=2025-03`)).body
    expect(asAdmin).toMatchObject({ n: 4, index: 0.75, suppressed: true, verdict: 'too_few' })
    expect(asAdmin.ci).toHaveLength(2)

    const asViewer = await results(`unit=${ids.b}&period=2025-03&by=item&compare=previous`, viewerB)
    expect(asViewer.status).toBe(200)
    expect(asViewer.body).toMatchObject({ n: 4, index: null, ci: null, suppressed: true, verdict: 'too_few', more_needed: null, change: null })
    expect(asViewer.body.groups[0]).toMatchObject({ n: 4, index: null, ci: null, mean: null, suppressed: true })
    expect(asViewer.body.groups[0].dist.counts).toBeNull()

    // One counter of one officer is suppressed the same way; its neighbour with 20 answers is not.
    const byCounter = (await results(`unit=${ids.p}&period=2025-03&by=touchpoint`, viewerP)).body
    const tp = Object.fromEntries(byCounter.groups.map((g: { key: string }) => [g.key, g]))
    expect(tp[ids.tp_b1!]).toMatchObject({ n: 4, index: null, suppressed: true })
    expect(tp[ids.tp_a1!]).toMatchObject({ n: 20, index: 0.85, suppressed: false })
    expect(byCounter).toMatchObject({ n: 24, suppressed: false })
    expect(byCounter.index).toBeCloseTo(20 / 24, 6)

    expect((await results(`unit=${ids.a}&period=2025-03`, viewerB)).status).toBe(403)
  })

  it('shows a suppressed figure as "too few responses" on the page, even to an administrator', async () => {
    const page = (await call(`/dashboard?unit=${ids.b}&period=2025-03&by=touchpoint`, admin)).body as string
    const indexCard = /data-figure="index"[\s\S]*?<\/div>\s*<div class="l">/.exec(page)![0]
    expect(indexCard).toContain('Chưa đủ số phiếu')
    expect(page).not.toContain('75.0%')
    expect(page).toContain(`href="/comments?unit=${ids.b}&amp;period=2025-03&amp;lang=vi"`)
    // Previous and next months are links with stable addresses.
    expect(page).toMatch(/<a href="[^"]*period=2025-02[^"]*" rel="prev"/)
    expect(page).toMatch(/<a href="[^"]*period=2025-04[^"]*" rel="next"/)
  })
})
