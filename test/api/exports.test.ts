/**
 * Exports opened with real readers (exceljs for XLSX, csv-parse for CSV) and
 * every figure compared with the results API for the same filters, as the
 * same user; Vietnamese text must come back as it went in.
 */
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { periodContaining, previousPeriod } from '../../server/domain/periods.ts'
import { responseRecord } from '../support/response-record.ts'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
let viewer: string
let province: { id: number; name: string }
let commune: { id: number; name: string; path: string }
let other: { id: number }
const period = previousPeriod(periodContaining('month', localDay(new Date()))).key

async function get(path: string, cookie: string) {
  const res = await fetch(srv.url + path, { headers: { cookie } })
  return res
}
async function json(path: string, cookie: string) {
  const res = await get(path, cookie)
  expect(res.status, `${path}: ${res.status}`).toBe(200)
  return res.json()
}
async function csv(path: string, cookie: string): Promise<Record<string, string>[]> {
  const res = await get(path, cookie)
  expect(res.status, path).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  const bytes = Buffer.from(await res.arrayBuffer())
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return parse(bytes, { bom: true, columns: true, skip_empty_lines: true, relax_column_count: false })
}
async function xlsx(path: string, cookie: string) {
  const res = await get(path, cookie)
  expect(res.status, path).toBe(200)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
  return wb
}
/** A sheet's rows as objects keyed by its header row. */
function sheetRows(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String)
  const out: Record<string, unknown>[] = []
  ws.eachRow((row, i) => {
    if (i === 1) return
    const values = row.values as unknown[]
    out.push(Object.fromEntries(header.map((h, j) => [h, values[j + 1] ?? null])))
  })
  return out
}
const num = (s: unknown) => (s === '' || s === null || s === undefined ? null : Number(s))

beforeAll(async () => {
  srv = await startServer({ demo: true })
  admin = await srv.login()
  const db = srv.hl.store.db
  const units = await db.selectFrom('units').selectAll().orderBy('path').execute()
  province = units[0]!
  const communes = units.filter((u) => u.type === 'commune')
  commune = communes[0]!
  other = communes[1]!
  viewer = await staffCookie(srv, 'xuat-viewer', [{ unit: commune.id, role: 'viewer' }])
}, 180_000)
afterAll(() => srv.close())

describe('results exports', () => {
  it('CSV rows equal GET /api/v1/results/units and each row’s secondary figures equal GET /api/v1/results', async () => {
    for (const cookie of [admin, viewer]) {
      const unit = cookie === admin ? province.id : commune.id
      const api = await json(`/api/v1/results/units?unit=${unit}&period=${period}`, cookie)
      const rows = await csv(`/api/v1/exports/results?unit=${unit}&period=${period}&format=csv`, cookie)
      expect(rows.length).toBe(api.rows.length)
      expect(rows.length).toBeGreaterThan(0)
      for (const [i, r] of rows.entries()) {
        const a = api.rows[i]
        expect(Number(r.unit_id)).toBe(a.unit_id)
        expect(r.unit_name).toBe(a.name)
        expect(r.unit_code).toBe(a.code ?? '')
        expect(r.survey_id).toBe(a.survey.id)
        expect(r.survey_title).toBe(a.survey.title)
        expect(Number(r.n)).toBe(a.n)
        expect(num(r.index)).toBe(a.index)
        expect(num(r.ci_low)).toBe(a.ci?.[0] ?? null)
        expect(num(r.ci_high)).toBe(a.ci?.[1] ?? null)
        expect(num(r.target)).toBe(a.target)
        expect(r.verdict).toBe(a.verdict ?? '')
        expect(r.suppressed).toBe(a.suppressed ? '1' : '0')
        const one = await json(`/api/v1/results?unit=${a.unit_id}&period=${period}&survey=${a.survey.id}`, cookie)
        for (const m of one.metrics) expect(num(r[`metric_${m.key}`]), `${a.name} ${m.key}`).toBe(m.value)
      }
    }
  })

  it('XLSX has a sheet per breakdown with frozen headers and percentages, each figure equal to the API', async () => {
    const wb = await xlsx(`/api/v1/exports/results?unit=${province.id}&period=${period}&format=xlsx`, admin)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Đơn vị', 'Đơn vị x dịch vụ', 'Đơn vị x phần', 'Đơn vị x câu hỏi', 'Phương pháp'])
    const units = wb.worksheets[0]!
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const header = (units.getRow(1).values as string[]).slice(1)
    expect(units.getRow(2).getCell(header.indexOf('index') + 1).numFmt).toBe('0.0%')
    const api = await json(`/api/v1/results/units?unit=${province.id}&period=${period}`, admin)
    const rows = sheetRows(units)
    expect(rows.map((r) => [r.unit_id, r.unit_name, r.survey_id, r.n, r.index ?? null])).toEqual(api.rows.map((a: { unit_id: number; name: string; survey: { id: string }; n: number; index: number | null }) => [a.unit_id, a.name, a.survey.id, a.n, a.index]))

    const sheets = { service: wb.worksheets[1]!, section: wb.worksheets[2]!, item: wb.worksheets[3]! }
    for (const [by, ws] of Object.entries(sheets)) {
      const got = sheetRows(ws)
      let expected: unknown[] = []
      for (const a of api.rows) {
        const res = await json(`/api/v1/results?unit=${a.unit_id}&period=${period}&survey=${a.survey.id}&by=${by}`, admin)
        expected = expected.concat(res.groups.map((g: { key: string; label: string; n: number; index: number | null; ci: [number, number] | null; verdict: string }) => [a.unit_id, a.survey.id, g.key, g.label, g.n, g.index, g.ci?.[0] ?? null, g.ci?.[1] ?? null, g.verdict]))
      }
      expect(got.map((r) => [r.unit_id, r.survey_id, String(r.key ?? ''), r.label, r.n, r.index ?? null, r.ci_low ?? null, r.ci_high ?? null, r.verdict]), by).toEqual(expected)
      expect(got.length, by).toBeGreaterThan(0)
    }
    const method = sheetRows(wb.worksheets[4]!).map((r) => Object.values(r).join(' '))
    expect(method.join('\n')).toContain(period)
    expect(method.join('\n')).toContain(province.name)
  })

  it('refuses a unit the user does not read', async () => {
    expect((await get(`/api/v1/exports/results?unit=${other.id}&period=${period}`, viewer)).status).toBe(403)
    expect((await get(`/api/v1/exports/responses?unit=${other.id}&period=${period}&survey=counter-rating`, viewer)).status).toBe(403)
    expect((await fetch(`${srv.url}/api/v1/exports/results?unit=${commune.id}&period=${period}`)).status).toBe(401)
  })
})

describe('responses exports', () => {
  const tricky = 'Chờ lâu quá, gọi 0912 345 678 nhé'
  const formula = '=HYPERLINK("http://x","bấm")'

  beforeAll(async () => {
    // Two responses of last month with comments, through the real write path.
    const tp = await srv.hl.store.db.selectFrom('touchpoints as t').innerJoin('units as u', 'u.id', 't.unit_id').select(['t.id', 't.unit_id', 't.service_id']).where('u.path', 'like', `${commune.path}%`).where('t.survey_id', '=', 'counter-rating').executeTakeFirstOrThrow()
    const day = addDays(periodContaining('month', localDay(new Date())).from, -3)
    for (const comment of [tricky, formula]) {
      await srv.hl.writer.write(responseRecord({ id: tp.id, unit: tp.unit_id, service: tp.service_id }, day, { overall: 0, improve: 2 }, { comment }))
    }
    await srv.hl.writer.drain()
  })

  it('CSV: one row per counted response, the day only, and the index recomputed from the rows equals the API', async () => {
    const api = await json(`/api/v1/results?unit=${commune.id}&period=${period}&survey=counter-rating`, viewer)
    const rows = await csv(`/api/v1/exports/responses?unit=${commune.id}&period=${period}&survey=counter-rating`, viewer)
    expect(rows.length).toBe(api.n)
    expect(Object.keys(rows[0]!)).not.toContain('comment')
    expect(Object.keys(rows[0]!).some((k) => /time|received/.test(k))).toBe(false)
    for (const r of rows) expect(r.day).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(rows.every((r) => (r.unit_name ?? '').length > 0)).toBe(true)
    const def = srv.hl.surveys.get('counter-rating')!
    const overall = def.sections[0]!.items.find((i) => i.code === 'overall')!
    const answered = rows.filter((r) => r.overall !== '' && !overall.excluded?.includes(Number(r.overall)))
    const satisfied = answered.filter((r) => overall.satisfied!.includes(Number(r.overall)))
    expect(satisfied.length / answered.length).toBeCloseTo(api.index, 6)
  })

  it('comments only with comments=1, masked, and protected against formulas', async () => {
    const rows = await csv(`/api/v1/exports/responses?unit=${commune.id}&period=${period}&survey=counter-rating&comments=1`, viewer)
    const comments = rows.map((r) => r.comment).filter(Boolean)
    expect(comments).toContain('Chờ lâu quá, gọi ••• nhé')
    expect(comments).toContain(`'${formula}`)
    expect(comments.join()).not.toContain('0912')
  })

  it('XLSX carries the rows, a codebook in both languages and the method', async () => {
    const wb = await xlsx(`/api/v1/exports/responses?unit=${commune.id}&period=${period}&survey=counter-rating&format=xlsx&lang=en`, viewer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Responses', 'Codebook', 'Method'])
    const api = await json(`/api/v1/results?unit=${commune.id}&period=${period}&survey=counter-rating`, viewer)
    expect(sheetRows(wb.worksheets[0]!).length).toBe(api.n)
    const book = sheetRows(wb.worksheets[1]!)
    const def = srv.hl.surveys.get('counter-rating')!
    const overall = def.sections[0]!.items.find((i) => i.code === 'overall')!
    expect(book.find((r) => r.column === 'overall' && r.code === null)).toMatchObject({ text_vi: overall.text.vi, text_en: overall.text.en })
    for (const o of overall.options!) expect(book.find((r) => r.column === 'overall' && r.code === o.value)).toMatchObject({ label_vi: o.label.vi, excluded: overall.excluded?.includes(o.value) ? 1 : 0 })
  })

  it('health units export in the Ministry of Health layout', async () => {
    const hospital = await srv.hl.store.db.selectFrom('units').selectAll().where('type', '=', 'hospital').executeTakeFirstOrThrow()
    const rows = await csv(`/api/v1/exports/responses?unit=${hospital.id}&period=${period}&survey=health-outpatient&layout=moh`, admin)
    const api = await json(`/api/v1/results?unit=${hospital.id}&period=${period}&survey=health-outpatient`, admin)
    expect(rows.length).toBe(api.n)
    const cols = Object.keys(rows[0]!)
    expect(cols.slice(0, 4)).toEqual(['KIEU_KHAO_SAT', 'MA_SO_PHIEU', 'TEN_BENH_VIEN', 'NGAY_DIEN_PHIEU'])
    expect(cols.slice(cols.indexOf('A1'), cols.indexOf('A1') + 5)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5'])
    expect(cols.slice(-6)).toEqual(['E5.1', 'G1', 'G2', 'G2.1', 'G3', 'G4'])
    for (const r of rows) {
      expect(r.NGAY_DIEN_PHIEU).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
      expect(r.TEN_BENH_VIEN).toBe(hospital.name)
      if (r.A1 !== '') expect([0, 1, 2, 3, 4, 5]).toContain(Number(r.A1))
    }
    // Counted satisfied answers over A–E give the API's pooled index.
    const items = cols.filter((c) => /^[A-E]\d+$/.test(c) && c !== 'E5')
    let yes = 0
    let all = 0
    for (const r of rows) for (const c of items) if (r[c] !== '' && r[c] !== '0') (all++, Number(r[c]) >= 4 && yes++)
    expect(yes / all).toBeCloseTo(api.index, 6)
    expect((await get(`/api/v1/exports/responses?unit=${commune.id}&period=${period}&survey=counter-rating&layout=moh`, admin)).status).toBe(400)
  })

  it('records every export and repeats it with the same filters', async () => {
    const first = await get(`/api/v1/exports/responses?unit=${commune.id}&period=${period}&survey=counter-rating`, viewer)
    const id = first.headers.get('x-export-id')!
    const bytes = Buffer.from(await first.arrayBuffer())
    const entry = await json(`/api/v1/exports/${id}`, viewer)
    expect(entry).toMatchObject({ kind: 'responses', format: 'csv', period_frozen: false, filters: { unit: String(commune.id), period, survey: 'counter-rating' } })
    expect(entry.rows).toBeGreaterThan(0)
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/)
    const again = await get(`/api/v1/exports/${id}/file`, viewer)
    expect(again.headers.get('x-export-repeat-of')).toBe(id)
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true)
    const list = await json('/api/v1/exports', viewer)
    expect(list.items.every((e: { username: string }) => e.username === 'xuat-viewer')).toBe(true)
    expect((await get(`/api/v1/exports/${id}`, await staffCookie(srv, 'xuat-other', [{ unit: commune.id, role: 'viewer' }]))).status).toBe(403)
  })

  it('codebook as CSV describes every column of the standard layout', async () => {
    const rows = await csv('/api/v1/exports/codebook?survey=health-outpatient&period=2025', viewer)
    expect(rows.some((r) => r.column === 'A1' && (r.text_vi ?? '').length > 10 && (r.text_en ?? '').length > 10)).toBe(true)
    expect(rows.find((r) => r.column === 'A1' && r.code === '0')).toMatchObject({ excluded: '1', satisfied: '0' })
  })
})
