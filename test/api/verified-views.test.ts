/**
 * Verified responses (answered through one-stop-shop tickets) beside
 * unverified ones in every results view: the province table and page, the
 * dashboard's switch, and the results and responses exports, each filtered to
 * verified only on request and each figure equal to GET /api/v1/results.
 */
import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../server/domain/local-day.ts'
import { periodContaining } from '../../server/domain/periods.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { caller } from '../support/call.ts'

let srv: TestServer
let admin: string
let P: number
let A: number
let B: number
const period = periodContaining('month', localDay(new Date())).key
const SURVEY = 'counter-rating'

/** What each commune receives: overall answers through tickets (verified) and directly (unverified). */
const PLAN = {
  A: { verified: [2, 2, 0], unverified: [2, 0, 2, 2] },
  B: { verified: [2, 2], unverified: [0, 0, 2] },
}

const call = caller(() => srv.url, { accept: 'application/json' })
async function json(path: string) {
  const res = await call('GET', path, { cookie: admin })
  expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(200)
  return res.json
}
async function file(path: string): Promise<Buffer> {
  const res = await fetch(srv.url + path, { headers: { cookie: admin } })
  expect(res.status, path).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}
const csv = async (path: string): Promise<Record<string, string>[]> => parse(await file(path), { bom: true, columns: true, skip_empty_lines: true })
async function xlsx(path: string) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await file(path)) as never)
  return wb
}
function sheetRows(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String)
  const out: Record<string, unknown>[] = []
  ws.eachRow((row, i) => {
    if (i > 1) out.push(Object.fromEntries(header.map((h, j) => [h, (row.values as unknown[])[j + 1] ?? null])))
  })
  return out
}
const num = (s: unknown) => (s === '' || s === null || s === undefined ? null : Number(s))

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const mk = async (path: string, body: unknown) => {
    const res = await call('POST', path, { json: body, cookie: admin })
    expect(res.status, `${path}: ${res.text}`).toBe(201)
    return res.json
  }
  P = (await mk('/api/v1/units', { name: 'Tỉnh Xác Thực', type: 'province' })).id
  A = (await mk('/api/v1/units', { name: 'Xã Đông', type: 'commune', sector: 'administrative', parent: P, code: 'XT-A' })).id
  B = (await mk('/api/v1/units', { name: 'Xã Tây', type: 'commune', sector: 'administrative', parent: P, code: 'XT-B' })).id
  const counters = { A: (await mk('/api/v1/touchpoints', { unit: A, survey: SURVEY, label: 'Quầy 1' })).code, B: (await mk('/api/v1/touchpoints', { unit: B, survey: SURVEY, label: 'Quầy 1' })).code }
  const token = (await mk('/api/v1/clients', { name: 'Một cửa tỉnh', unit: P })).token
  for (const [key, unit] of [['A', A], ['B', B]] as const) {
    for (const overall of PLAN[key].verified) {
      const made = await call('POST', '/api/v1/tickets', { json: { unit, touchpoint: counters[key], returned_at: new Date().toISOString(), reference: `HS-${randomUUID()}` }, bearer: token })
      expect(made.status, made.text).toBe(201)
      const answered = await call('POST', `/t/${made.json.code}`, { form: { id: randomUUID(), overall: String(overall), ...(overall === 0 ? { improve: '1' } : {}), lang: 'vi' } })
      expect(answered.status, answered.text).toBe(201)
    }
    for (const overall of PLAN[key].unverified) {
      const answers = overall === 0 ? { overall, improve: 1 } : { overall }
      expect((await call('POST', '/api/v1/responses', { json: { id: randomUUID(), touchpoint: counters[key], answers } })).status).toBe(201)
    }
  }
  await srv.hl.writer.drain()
}, 60_000)
afterAll(() => srv.close())

type Row = { unit_id: number; n: number; verified_n: number; index: number | null; ci: [number, number] | null; verdict: string | null }
const rowOf = (rows: Row[], id: number) => rows.find((r) => r.unit_id === id)!
const expected = (id: number) => {
  const parts = id === P ? [PLAN.A, PLAN.B] : [id === A ? PLAN.A : PLAN.B]
  const verified = parts.reduce((s, p) => s + p.verified.length, 0)
  return { n: parts.reduce((s, p) => s + p.verified.length + p.unverified.length, 0), verified }
}

describe('the province table with verified responses', () => {
  it('gives every row verified_n beside n, and with verified=only counts them alone, equal to GET /api/v1/results', async () => {
    // The store agrees with the plan: the write path marked exactly the ticket answers verified.
    const stored = await srv.hl.store.db.selectFrom('responses').select(['unit_id', 'verified']).execute()
    for (const id of [A, B]) expect(stored.filter((r) => r.unit_id === id && r.verified === 1).length).toBe(expected(id).verified)

    const all = await json(`/api/v1/results/units?unit=${P}&period=${period}&survey=${SURVEY}`)
    const only = await json(`/api/v1/results/units?unit=${P}&period=${period}&survey=${SURVEY}&verified=only`)
    expect(all.verified).toEqual({ only: false })
    expect(only.verified).toEqual({ only: true })
    for (const id of [P, A, B]) {
      const e = expected(id)
      expect(rowOf(all.rows, id)).toMatchObject({ n: e.n, verified_n: e.verified })
      expect(rowOf(only.rows, id)).toMatchObject({ n: e.verified, verified_n: e.verified })
      for (const [table, q] of [[all, ''], [only, '&verified=only']] as const) {
        const one = await json(`/api/v1/results?unit=${id}&period=${period}&survey=${SURVEY}${q}`)
        const row = rowOf(table.rows, id)
        expect([row.n, row.index, row.ci, row.verdict], `${id}${q}`).toEqual([one.n, one.index, one.ci, one.verdict])
        expect(row.verified_n).toBe(one.verified.n)
      }
    }
    // Sorting by the new column works like any other.
    const sorted = await json(`/api/v1/results/units?unit=${P}&period=${period}&survey=${SURVEY}&sort=verified_n&dir=desc`)
    expect(sorted.rows.map((r: Row) => r.unit_id)).toEqual([P, A, B])
    expect(sorted.rows.map((r: Row) => r.verified_n)).toEqual([P, A, B].map((id) => expected(id).verified))
    expect((await call('GET', `/api/v1/results/units?unit=${P}&verified=yes`, { cookie: admin })).json.error.code).toBe('invalid_query')
  })

  it('shows the verified column on /province and keeps verified=only in its links', async () => {
    const cellOf = (html: string, id: number, col = 'verified_n') => html.match(new RegExp(`data-unit="${id}"[^>]*>[\\s\\S]*?data-col="${col}">(\\d+)<`))?.[1]
    const page = (await call('GET', `/province?unit=${P}&period=${period}&survey=${SURVEY}`, { cookie: admin })).text
    expect(page).toContain('>Đã xác thực')
    for (const id of [P, A, B]) expect([cellOf(page, id, 'n'), cellOf(page, id)].map(Number)).toEqual([expected(id).n, expected(id).verified])
    expect(page).not.toContain('verified=only')

    const onlyPage = (await call('GET', `/province?unit=${P}&period=${period}&survey=${SURVEY}&verified=only`, { cookie: admin })).text
    expect(onlyPage).toMatch(/<option value="only" selected/)
    for (const id of [P, A, B]) expect([cellOf(onlyPage, id, 'n'), cellOf(onlyPage, id)].map(Number)).toEqual([expected(id).verified, expected(id).verified])
    expect(onlyPage).toMatch(/href="\/api\/v1\/exports\/results\?[^"]*verified=only/)
    expect(onlyPage).toMatch(/href="\/province\?[^"]*verified=only[^"]*sort=n/)
    expect(onlyPage).toMatch(new RegExp(`href="/dashboard\\?unit=${A}[^"]*verified=only`))
  })
})

describe('the dashboard switch', () => {
  it('links to verified only keeping the other parameters, and back', async () => {
    const base = `/dashboard?unit=${A}&period=${period}&by=service&survey=${SURVEY}&lang=en`
    const page = (await call('GET', base, { cookie: admin })).text
    const toggle = page.match(/<a href="([^"]+)" data-toggle="verified">([^<]+)</)!
    expect(toggle[2]).toBe('Show verified only')
    const href = new URL(toggle[1]!.replace(/&amp;/g, '&'), srv.url)
    expect(Object.fromEntries(href.searchParams)).toEqual({ unit: String(A), period, by: 'service', lang: 'en', survey: SURVEY, verified: 'only' })

    const onlyPage = (await call('GET', href.pathname + href.search, { cookie: admin })).text
    expect(onlyPage).toContain('data-verified="only"')
    expect(onlyPage.match(/data-figure="n"><div class="v">(\d+)</)?.[1]).toBe(String(expected(A).verified))
    const back = onlyPage.match(/<a href="([^"]+)" data-toggle="verified">([^<]+)</)!
    expect(back[2]).toBe('Show all responses')
    expect(new URL(back[1]!.replace(/&amp;/g, '&'), srv.url).searchParams.has('verified')).toBe(false)
    expect(onlyPage).toMatch(/href="\/api\/v1\/exports\/responses\?[^"]*verified=only/)
    // The period steps and the breakdown tabs keep the filter too.
    expect(onlyPage.match(/href="(\/dashboard\?[^"]*)" rel="prev"/)?.[1]).toContain('verified=only')
    expect(onlyPage.match(/href="(\/dashboard\?[^"]*by=item[^"]*)"/)?.[1]).toContain('verified=only')
  })
})

describe('exports with verified=only', () => {
  it('results CSV: verified_n per row, and with verified=only the figures of GET /api/v1/results?verified=only', async () => {
    const all = await csv(`/api/v1/exports/results?unit=${P}&period=${period}&survey=${SURVEY}&format=csv`)
    const only = await csv(`/api/v1/exports/results?unit=${P}&period=${period}&survey=${SURVEY}&format=csv&verified=only`)
    for (const id of [P, A, B]) {
      const e = expected(id)
      expect(all.find((r) => Number(r.unit_id) === id)).toMatchObject({ n: String(e.n), verified_n: String(e.verified) })
      const r = only.find((x) => Number(x.unit_id) === id)!
      const api = await json(`/api/v1/results?unit=${id}&period=${period}&survey=${SURVEY}&verified=only`)
      expect([Number(r.n), Number(r.verified_n), num(r.index), num(r.ci_low), num(r.ci_high), r.verdict]).toEqual([api.n, api.verified.n, api.index, api.ci?.[0] ?? null, api.ci?.[1] ?? null, api.verdict])
      for (const m of api.metrics) expect(num(r[`metric_${m.key}`]), m.key).toBe(m.value)
    }
    expect((await call('GET', `/api/v1/exports/results?unit=${P}&period=${period}&verified=1`, { cookie: admin })).status).toBe(400)
  })

  it('results XLSX: the figures and breakdowns are verified only, and the method sheet says so', async () => {
    const wb = await xlsx(`/api/v1/exports/results?unit=${P}&period=${period}&survey=${SURVEY}&format=xlsx&by=service&verified=only&lang=en`)
    const units = sheetRows(wb.worksheets[0]!)
    for (const id of [P, A, B]) expect(units.find((r) => r.unit_id === id)).toMatchObject({ n: expected(id).verified, verified_n: expected(id).verified })
    const service = sheetRows(wb.worksheets[1]!)
    const api = await json(`/api/v1/results?unit=${A}&period=${period}&survey=${SURVEY}&by=service&verified=only`)
    expect(service.filter((r) => r.unit_id === A).map((r) => r.n)).toEqual(api.groups.map((g: { n: number }) => g.n))
    const method = sheetRows(wb.worksheets.at(-1)!).map((r) => Object.values(r).join(' ')).join('\n')
    expect(method).toContain('Verified only (verified=only)')
    const plain = await xlsx(`/api/v1/exports/results?unit=${P}&period=${period}&survey=${SURVEY}&format=xlsx&by=service&lang=en`)
    expect(sheetRows(plain.worksheets.at(-1)!).map((r) => Object.values(r).join(' ')).join('\n')).toContain('All counted responses, verified and unverified')
  })

  it('responses CSV: a verified column, and with verified=only exactly the verified rows', async () => {
    const all = await csv(`/api/v1/exports/responses?unit=${P}&period=${period}&survey=${SURVEY}`)
    expect(all.length).toBe(expected(P).n)
    const only = await csv(`/api/v1/exports/responses?unit=${P}&period=${period}&survey=${SURVEY}&verified=only`)
    expect(only.length).toBe(expected(P).verified)
    expect(only.every((r) => r.verified === '1')).toBe(true)
    for (const [key, id] of [['A', A], ['B', B]] as const) {
      const mine = all.filter((r) => Number(r.unit_id) === id)
      expect(mine.filter((r) => r.verified === '1').map((r) => Number(r.overall)).sort()).toEqual([...PLAN[key].verified].sort())
      expect(mine.filter((r) => r.verified === '0').map((r) => Number(r.overall)).sort()).toEqual([...PLAN[key].unverified].sort())
      expect(only.filter((r) => Number(r.unit_id) === id).map((r) => Number(r.overall)).sort()).toEqual([...PLAN[key].verified].sort())
    }
    // The rows give back the API's verified-only index for the same unit.
    const api = await json(`/api/v1/results?unit=${P}&period=${period}&survey=${SURVEY}&verified=only`)
    expect(only.filter((r) => r.overall === '2').length / only.length).toBeCloseTo(api.index, 6)
  })

  it('responses XLSX with verified=only: the rows, the codebook describes verified, the method states the filter', async () => {
    const wb = await xlsx(`/api/v1/exports/responses?unit=${P}&period=${period}&survey=${SURVEY}&format=xlsx&verified=only`)
    const rows = sheetRows(wb.worksheets[0]!)
    expect(rows.length).toBe(expected(P).verified)
    expect(rows.every((r) => r.verified === 1)).toBe(true)
    const book = sheetRows(wb.worksheets[1]!)
    expect(book.find((r) => r.column === 'verified')).toMatchObject({ type: 'field', text_vi: expect.stringContaining('đã xác thực'), text_en: expect.stringContaining('verified') })
    const method = sheetRows(wb.worksheets[2]!).map((r) => Object.values(r).join(' ')).join('\n')
    expect(method).toContain('Chỉ phiếu đã xác thực (verified=only)')
    const codebook = await csv(`/api/v1/exports/codebook?survey=${SURVEY}&period=${period}`)
    expect(codebook.some((r) => r.column === 'verified' && r.text_en!.startsWith('1: answered through'))).toBe(true)
  })
})
