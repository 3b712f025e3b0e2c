/**
 * GET /api/v1/results/units and the /province page on hand-made data: every
 * row equals GET /api/v1/results for the same unit, period and instrument,
 * parents pool their subtrees, filters and sorting, the distribution against
 * the 80/90/95% lines, suppression of small numbers, and subtree access.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'
import { staffCookie } from '../support/staff.ts'

let srv: TestServer
let admin: string
let viewerA: string
const ids: Record<string, number> = {}
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
const period = `${today}..${today}`

interface Row {
  unit_id: number
  name: string
  depth: number
  parent_id: number | null
  type: string
  sector: string
  survey: { id: string; title: string }
  n: number
  index: number | null
  ci: [number, number] | null
  target: number | null
  verdict: string | null
  more_needed: number | null
  suppressed: boolean
  direct: boolean
}

async function call(path: string, cookie: string | null, json?: unknown) {
  const res = await fetch(srv.url + path, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
  const text = await res.text()
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text }
}

async function rate(code: string, sat: number, unsat: number) {
  const bodies = [...Array.from({ length: sat }, () => ({ overall: 2 })), ...Array.from({ length: unsat }, () => ({ overall: 0, improve: 1 }))]
  const res = await Promise.all(bodies.map((answers) => call('/api/v1/responses', null, { id: randomUUID(), touchpoint: code, answers })))
  expect(res.every((r) => r.status === 201)).toBe(true)
}

const table = (q: string, cookie = admin) => call(`/api/v1/results/units?period=${period}&${q}`, cookie)
const rowOf = (rows: Row[], unit: number, survey = 'counter-rating') => rows.find((r) => r.unit_id === unit && r.survey.id === survey)

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const unit = async (key: string, body: object) => (ids[key] = (await call('/api/v1/units', admin, body)).body.id)
  await unit('p', { name: 'Tỉnh Thử', type: 'province', code: 'T01' })
  await unit('a', { name: 'Xã A', type: 'commune', sector: 'administrative', parent: ids.p })
  await unit('a1', { name: 'Một cửa xã A', type: 'one-stop', sector: 'administrative', parent: ids.a })
  await unit('b', { name: 'Xã B', type: 'commune', sector: 'administrative', parent: ids.p })
  await unit('c', { name: 'Xã C', type: 'commune', sector: 'administrative', parent: ids.p })
  await unit('d', { name: 'Xã D', type: 'commune', sector: 'administrative', parent: ids.p })
  await unit('e', { name: 'Phường E', type: 'ward', sector: 'administrative', parent: ids.p })
  await unit('f', { name: 'Phường F', type: 'ward', sector: 'administrative', parent: ids.p })
  const tp = async (unitKey: string, survey = 'counter-rating') => (await call('/api/v1/touchpoints', admin, { unit: ids[unitKey], survey, label: `Quầy ${unitKey}` })).body.code as string
  const [ta, ta1, tb, tbSipas, , te, tf] = [await tp('a'), await tp('a1'), await tp('b'), await tp('b', 'sipas'), await tp('c'), await tp('e'), await tp('f')]
  await rate(ta!, 8, 2)
  await rate(ta1!, 5, 5)
  await rate(tb!, 9, 1)
  await rate(te!, 20, 0)
  await rate(tf!, 17, 3)
  for (let i = 0; i < 3; i++) expect((await call('/api/v1/responses', null, { id: randomUUID(), touchpoint: tbSipas, answers: { C15: 4, C16: 5 } })).status).toBe(201)
  viewerA = await staffCookie(srv, 'viewer-a', [{ unit: ids.a!, role: 'viewer' }])
})

afterAll(() => srv.close())

describe('GET /api/v1/results/units', () => {
  it('gives one row per unit and instrument, none for a unit without touchpoints or responses', async () => {
    const { status, body } = await table(`unit=${ids.p}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ from: today, to: today, period })
    const rows = body.rows as Row[]
    const keys = rows.map((r) => `${r.name}/${r.survey.id}`).sort()
    expect(keys).toEqual(
      ['Tỉnh Thử/counter-rating', 'Tỉnh Thử/sipas', 'Xã A/counter-rating', 'Một cửa xã A/counter-rating', 'Xã B/counter-rating', 'Xã B/sipas', 'Xã C/counter-rating', 'Phường E/counter-rating', 'Phường F/counter-rating'].sort(),
    )
    expect(rows.some((r) => r.unit_id === ids.d)).toBe(false)
    expect(rowOf(rows, ids.a1!)).toMatchObject({ depth: 2, parent_id: ids.a, type: 'one-stop', sector: 'administrative', direct: true })
    expect(rowOf(rows, ids.p!)).toMatchObject({ depth: 0, direct: false, n: 70 })
    expect(rowOf(rows, ids.c!)).toMatchObject({ n: 0, index: null, verdict: 'too_few', suppressed: true, direct: true })
  })

  it('each row equals GET /api/v1/results for the same unit, period and instrument, field by field', async () => {
    const rows = (await table(`unit=${ids.p}`)).body.rows as Row[]
    for (const r of rows) {
      const res = await call(`/api/v1/results?unit=${r.unit_id}&period=${period}&survey=${r.survey.id}`, admin)
      expect(res.status).toBe(200)
      const { n, index, ci, target, verdict, more_needed, suppressed } = res.body
      expect([r.name, r.survey.id, { n: r.n, index: r.index, ci: r.ci, target: r.target, verdict: r.verdict, more_needed: r.more_needed, suppressed: r.suppressed }]).toEqual([
        r.name,
        r.survey.id,
        { n, index, ci, target, verdict, more_needed, suppressed },
      ])
    }
  })

  it('rolls a parent up from its whole subtree: Xã A pools its own counter and its one-stop office', async () => {
    const rows = (await table(`unit=${ids.p}`)).body.rows as Row[]
    expect(rowOf(rows, ids.a1!)).toMatchObject({ n: 10, index: 0.5 })
    expect(rowOf(rows, ids.a!)).toMatchObject({ n: 20, index: 0.65, verdict: 'too_few' })
    // 8 + 5 + 9 + 20 + 17 satisfied of 70 at the province.
    expect(rowOf(rows, ids.p!)!.index).toBeCloseTo(59 / 70, 6)
    expect(rowOf(rows, ids.p!)!.target).toBe(0.95)
  })

  it('counts directly serving units against the 80/90/95% lines', async () => {
    const { distribution } = (await table(`unit=${ids.p}`)).body
    // A 65%, A1 50% → below 80; B 90%; E 100%; F 85%; C (no responses) and B's SIPAS (3) too few.
    expect(distribution).toEqual({ ge95: 1, from90: 1, from80: 1, below80: 2, too_few: 2 })
    const wards = (await table(`unit=${ids.p}&type=ward`)).body
    expect(wards.distribution).toEqual({ ge95: 1, from90: 0, from80: 1, below80: 0, too_few: 0 })
  })

  it('filters by type, sector and verdict', async () => {
    const wards = (await table(`unit=${ids.p}&type=ward`)).body.rows as Row[]
    expect(wards.map((r) => r.name).sort()).toEqual(['Phường E', 'Phường F'])
    expect(((await table(`unit=${ids.p}&sector=health`)).body.rows as Row[]).length).toBe(0)
    // The province has no sector of its own: its rows take the instrument's.
    expect(((await table(`unit=${ids.p}&sector=administrative`)).body.rows as Row[]).length).toBe(9)
    const tooFew = (await table(`unit=${ids.p}&verdict=too_few`)).body.rows as Row[]
    expect(tooFew.every((r) => r.verdict === 'too_few')).toBe(true)
    expect(tooFew.length).toBeGreaterThan(0)
    const notMet = (await table(`unit=${ids.p}&verdict=not_met`)).body.rows as Row[]
    expect(notMet.map((r) => r.verdict)).toEqual(notMet.map(() => 'not_met'))
    const sipas = (await table(`unit=${ids.p}&survey=sipas`)).body.rows as Row[]
    expect(sipas.map((r) => r.name).sort()).toEqual(['Tỉnh Thử', 'Xã B'])
  })

  it('sorts by any column either way, missing figures last', async () => {
    const asc = (await table(`unit=${ids.p}&survey=counter-rating&sort=index&dir=asc`)).body.rows as Row[]
    const shown = asc.filter((r) => r.index !== null).map((r) => r.index!)
    expect(shown).toEqual([...shown].sort((x, y) => x - y))
    expect(asc[asc.length - 1]!.index).toBeNull()
    const desc = (await table(`unit=${ids.p}&survey=counter-rating&sort=index&dir=desc`)).body.rows as Row[]
    expect(desc.filter((r) => r.index !== null).map((r) => r.index)).toEqual([...shown].reverse())
    expect(desc[desc.length - 1]!.index).toBeNull()
    const byN = (await table(`unit=${ids.p}&sort=n&dir=desc`)).body.rows as Row[]
    expect(byN.map((r) => r.n)).toEqual(byN.map((r) => r.n).sort((x, y) => y - x))
    const byName = (await table(`unit=${ids.p}&survey=counter-rating&sort=name`)).body.rows as Row[]
    expect(byName.map((r) => r.name)).toEqual(byName.map((r) => r.name).sort((x, y) => x.localeCompare(y, 'vi')))
    const tree = (await table(`unit=${ids.p}&survey=counter-rating`)).body.rows as Row[]
    expect(tree[0]!.unit_id).toBe(ids.p)
  })

  it('suppresses small numbers for viewers and shows them, flagged, to administrators', async () => {
    const asAdmin = rowOf((await table(`unit=${ids.p}`)).body.rows, ids.b!, 'sipas')!
    expect(asAdmin).toMatchObject({ n: 3, suppressed: true, index: 1 })
    expect(asAdmin.ci).not.toBeNull()
    const viewerB = await staffCookie(srv, 'viewer-b', [{ unit: ids.b!, role: 'viewer' }])
    const asViewer = rowOf((await table(`unit=${ids.b}`, viewerB)).body.rows, ids.b!, 'sipas')!
    expect(asViewer).toMatchObject({ n: 3, suppressed: true, index: null, ci: null, verdict: 'too_few', more_needed: null })
  })

  it('keeps a commune viewer inside the commune', async () => {
    const own = await table(`unit=${ids.a}`, viewerA)
    expect(own.status).toBe(200)
    expect((own.body.rows as Row[]).map((r) => r.unit_id).sort()).toEqual([ids.a, ids.a1].sort())
    // Without a unit the default is the viewer's own subtree.
    const dflt = await call(`/api/v1/results/units?period=${period}`, viewerA)
    expect((dflt.body.rows as Row[]).every((r) => r.unit_id === ids.a || r.unit_id === ids.a1)).toBe(true)
    for (const u of [ids.b, ids.p]) {
      const res = await table(`unit=${u}`, viewerA)
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('forbidden')
    }
  })

  it('refuses bad queries with stable codes and requires a login', async () => {
    expect((await call(`/api/v1/results/units?unit=${ids.p}`, null)).status).toBe(401)
    const cases: [string, number, string][] = [
      ['unit=abc', 400, 'invalid_query'],
      ['unit=99999', 404, 'unit_not_found'],
      [`unit=${ids.p}&sort=colour`, 400, 'invalid_query'],
      [`unit=${ids.p}&dir=up`, 400, 'invalid_query'],
      [`unit=${ids.p}&verdict=great`, 400, 'invalid_query'],
      [`unit=${ids.p}&sector=transport`, 400, 'invalid_query'],
      [`unit=${ids.p}&survey=nosuch`, 404, 'survey_not_found'],
    ]
    for (const [q, status, code] of cases) {
      const res = await table(q)
      expect([q, res.status, res.body.error?.code]).toEqual([q, status, code])
    }
  })
})

describe('/province page', () => {
  it('lists the rows with drill-down links, marks what needs attention in words and hides small numbers', async () => {
    const res = await call(`/province?unit=${ids.p}&period=${period}`, admin)
    expect(res.status).toBe(200)
    const html = res.body as string
    expect(html).toContain(`href="/dashboard?unit=${ids.a1}&amp;period=${encodeURIComponent(period)}&amp;survey=counter-rating`)
    expect(html).toMatch(/<tr class="attention attention-not_met"[^>]*data-unit="\d+"/)
    expect(html).toContain('Cần chú ý:')
    // B's 3 SIPAS answers: "too few responses", never a percentage, even for an administrator.
    const sipasRow = html.match(new RegExp(`<tr[^>]*data-unit="${ids.b}" data-survey="sipas"[^>]*>(.*?)</tr>`))![1]!
    expect(sipasRow).toContain('<td class="num"><span class="too_few">Quá ít phiếu</span></td>')
    // Its index (100%) and interval appear nowhere; only the target does.
    expect(sipasRow.match(/\d+\.\d%/g)).toEqual(['95.0%'])
    expect(html).toMatch(/<script type="application\/json" id="province-chart-data">\{/)
  })

  it('sends someone not signed in to the login page and refuses another commune', async () => {
    const res = await fetch(`${srv.url}/province?unit=${ids.p}`, { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/)
    expect((await call(`/province?unit=${ids.b}`, viewerA)).status).toBe(403)
    const own = (await call(`/province?unit=${ids.a}&period=${period}`, viewerA)).body as string
    expect(own).not.toContain('Xã B')
  })
})
