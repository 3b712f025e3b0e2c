/**
 * The public results: what Sở Nội vụ publishes through the period actions,
 * and nothing else, readable without a cookie as pages and JSON, from the
 * frozen figures, with small numbers hidden and a second figure hidden
 * beside a lone small one so the totals cannot give it away, nor a
 * published quarter minus its published months.
 *
 * The province: P → D (district) → A (30 responses), B (4), C (15); P → X (25).
 * Another province Q → Y (20), never approved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../server/domain/local-day.ts'
import { periodContaining, previousPeriod } from '../../server/domain/periods.ts'
import { responseRecord } from '../support/response-record.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
const ids: Record<string, number> = {}
const month = previousPeriod(periodContaining('month', localDay(new Date())))
const before = previousPeriod(month)
const older = previousPeriod(before)
const SECRET_COMMENT = 'Góp ý riêng không được lên trang công khai 5d2e'

async function api(method: string, path: string, json?: unknown) {
  const res = await fetch(srv.url + path, { method, headers: { cookie: admin, 'content-type': 'application/json' }, body: json === undefined ? undefined : JSON.stringify(json) })
  const body = await res.json()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`)
  return body
}
const act = (unit: string, key: string, verb: string) => api('POST', `/api/v1/periods/${ids[unit]}/${key}/${verb}`, {})

/** Anonymous GET: no cookie at all. */
async function open(path: string) {
  const res = await fetch(srv.url + path)
  return { status: res.status, csp: res.headers.get('content-security-policy') ?? '', type: res.headers.get('content-type') ?? '', text: await res.text() }
}
const json = async (path: string) => {
  const res = await open(path)
  return { status: res.status, body: JSON.parse(res.text) }
}

async function respond(unit: string, tp: number, day: string, count: number, satisfied: number, comment: string | null = null) {
  for (let i = 0; i < count; i++) {
    await srv.hl.writer.write(responseRecord({ id: tp, unit: ids[unit]! }, day, i < satisfied ? { overall: 2 } : { overall: 0, improve: 1 }, { comment: i === 0 ? comment : null }))
  }
}

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  ids.P = (await api('POST', '/api/v1/units', { name: 'Tỉnh Công Khai', type: 'province' })).id
  ids.D = (await api('POST', '/api/v1/units', { name: 'Huyện Đông', type: 'district', parent: ids.P })).id
  for (const [key, name, parent] of [['A', 'Xã An Phú', 'D'], ['B', 'Xã Bình Yên', 'D'], ['C', 'Xã Cát Tiên', 'D'], ['X', 'Xã Chưa Công Bố', 'P']] as const) {
    ids[key] = (await api('POST', '/api/v1/units', { name, type: 'commune', sector: 'administrative', parent: ids[parent] })).id
  }
  ids.Q = (await api('POST', '/api/v1/units', { name: 'Tỉnh Khác', type: 'province' })).id
  ids.Y = (await api('POST', '/api/v1/units', { name: 'Xã Tỉnh Khác', type: 'commune', sector: 'administrative', parent: ids.Q })).id
  const tp: Record<string, number> = {}
  for (const k of ['A', 'B', 'C', 'X', 'Y']) tp[k] = (await api('POST', '/api/v1/touchpoints', { unit: ids[k], survey: 'counter-rating', label: 'Quầy 1' })).id
  for (const day of [month.from, before.from, older.from]) {
    await respond('A', tp.A!, day, 30, 27, SECRET_COMMENT)
    await respond('B', tp.B!, day, 4, 1)
    await respond('C', tp.C!, day, 15, 12)
    await respond('X', tp.X!, day, 25, 20)
    await respond('Y', tp.Y!, day, 20, 10)
  }
  await srv.hl.writer.drain()

  // D: two months published, a third approved and published, then withdrawn.
  for (const key of [month.key, before.key, older.key]) {
    await act('D', key, 'approve')
    await act('D', key, 'publish')
  }
  await act('D', older.key, 'unpublish')
  // P approved (its snapshot holds X) but not published; Y only submitted.
  await act('P', month.key, 'approve')
  await act('Y', month.key, 'submit')
}, 120_000)
afterAll(() => srv.close())

describe('what the public sees', () => {
  it('lists the published units as a tree, without a login, and nothing unpublished', async () => {
    const page = await open('/public')
    expect(page.status).toBe(200)
    for (const name of ['Huyện Đông', 'Xã An Phú', 'Xã Bình Yên', 'Xã Cát Tiên']) expect(page.text).toContain(name)
    for (const name of ['Tỉnh Công Khai', 'Xã Chưa Công Bố', 'Tỉnh Khác', 'Xã Tỉnh Khác']) expect(page.text).not.toContain(name)
    expect(page.text).toContain(`href="/public/units/${ids.D}?lang=vi"`)
    expect(page.text).toContain(`${month.key} · ${before.key}`)
    expect(page.text).not.toContain(older.key)
  })

  it("shows a unit's published periods with n, index, interval, target and verdict, and a server-drawn trend", async () => {
    const page = await open(`/public/units/${ids.D}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<svg')
    expect(page.text).toContain(`data-period="${month.key}"`)
    expect(page.text).toContain(`data-period="${before.key}"`)
    expect(page.text).not.toContain(`data-period="${older.key}"`)
    // D pools A, B and C: 49 responses, 40 satisfied.
    expect(page.text).toContain('data-n="49"')
    expect(page.text).toContain('81.6%')
    expect(page.text).toContain(`data-unit="${ids.A}"`)
    expect(page.text).toContain('data-n="30"')
  })

  it('hides the small figure, and the next smallest beside it so D minus the others tells nothing', async () => {
    const page = await open(`/public/units/${ids.D}?period=${month.key}`)
    const row = (unit: string) => page.text.slice(page.text.indexOf(`data-unit="${ids[unit]}"`)).split('</tr>')[0]!
    expect(row('B')).toContain('data-hidden="small"')
    expect(row('C')).toContain('data-hidden="secondary"')
    expect(row('A')).not.toContain('data-hidden')
    expect(row('B')).not.toMatch(/data-n=|%<\/td>.*%/)
    expect(page.text).not.toContain('data-n="4"')
    expect(page.text).not.toContain('data-n="15"')
    expect(page.text).toContain('Không công bố (ít phiếu)')

    const { body } = await json(`/api/v1/public/results?unit=${ids.D}`)
    expect(body.suppress_below).toBe(10)
    expect(body.periods.map((p: { key: string }) => p.key)).toEqual([before.key, month.key])
    const latest = body.periods[1]
    expect(latest.figures).toEqual([expect.objectContaining({ unit: { id: ids.D, name: 'Huyện Đông' }, n: 49, hidden: null, verdict: expect.any(String) })])
    expect(latest.figures[0].index).toBeCloseTo(40 / 49, 5)
    expect(latest.figures[0].ci).toHaveLength(2)
    const below = Object.fromEntries(latest.below.map((f: { unit: { id: number } }) => [f.unit.id, f]))
    expect(below[ids.A!]).toMatchObject({ n: 30, hidden: null })
    expect(below[ids.A!].index).toBeCloseTo(0.9, 5)
    expect(below[ids.B!]).toMatchObject({ n: null, index: null, ci: null, hidden: 'small' })
    expect(below[ids.C!]).toMatchObject({ n: null, index: null, ci: null, hidden: 'secondary' })
    // The small commune's own page says the same.
    const b = await json(`/api/v1/public/results?unit=${ids.B}`)
    expect(b.body.periods.map((p: { figures: { hidden: string }[] }) => p.figures[0]!.hidden)).toEqual(['small', 'small'])
  })

  it('reads the frozen figures: a late response changes nothing', async () => {
    const first = (await json(`/api/v1/public/results?unit=${ids.D}`)).body
    const tp = await srv.hl.store.db.selectFrom('touchpoints').select('id').where('unit_id', '=', ids.A!).executeTakeFirstOrThrow()
    await respond('A', tp.id, month.from, 5, 0)
    await srv.hl.writer.drain()
    expect((await json(`/api/v1/public/results?unit=${ids.D}`)).body).toEqual(first)
  })

  it('never shows unpublished or never-approved units, nor comments', async () => {
    for (const unit of ['P', 'X', 'Q', 'Y']) {
      expect((await open(`/public/units/${ids[unit]}`)).status, unit).toBe(404)
      expect((await json(`/api/v1/public/results?unit=${ids[unit]}`)).status, unit).toBe(404)
    }
    const all = await json('/api/v1/public/results')
    expect(all.body.units.map((u: { id: number }) => u.id).sort()).toEqual([ids.D, ids.A, ids.B, ids.C].sort())
    expect(all.body.periods.map((p: { key: string }) => p.key)).toEqual([before.key, month.key])
    const everything = [(await open('/public')).text, (await open(`/public/units/${ids.D}`)).text, (await open(`/public/units/${ids.D}?period=${before.key}`)).text, JSON.stringify(all.body), JSON.stringify((await json(`/api/v1/public/results?unit=${ids.D}`)).body)].join('\n')
    for (const secret of ['Xã Chưa Công Bố', 'Tỉnh Khác', 'Xã Tỉnh Khác', 'Tỉnh Công Khai', SECRET_COMMENT]) expect(everything).not.toContain(secret)
    expect((await json('/api/v1/public/results?unit=abc')).status).toBe(400)
  })

  it('follows the publish action: publishing P shows X; withdrawing hides it again', async () => {
    await act('P', month.key, 'publish')
    const withP = await json(`/api/v1/public/results?unit=${ids.P}`)
    expect(withP.status).toBe(200)
    const below = withP.body.periods[0].below.map((f: { unit: { name: string }; n: number | null }) => [f.unit.name, f.n])
    expect(below).toEqual(expect.arrayContaining([['Xã Chưa Công Bố', 25], ['Huyện Đông', 49]]))
    // B and C keep their hidden state under the joint view.
    const d = (await json(`/api/v1/public/results?unit=${ids.D}`)).body.periods.at(-1)
    expect(d.below.filter((f: { hidden: string | null }) => f.hidden).length).toBe(2)
    await act('P', month.key, 'unpublish')
    expect((await json(`/api/v1/public/results?unit=${ids.X}`)).status).toBe(404)
  })

  it('hides months that their published quarter would give away by subtraction', async () => {
    // April and May 2025 as before; three more responses at A in June, which is never published.
    const tp = Object.fromEntries(await Promise.all(['A', 'B', 'C'].map(async (u) => [u, (await srv.hl.store.db.selectFrom('touchpoints').select('id').where('unit_id', '=', ids[u]!).executeTakeFirstOrThrow()).id])))
    for (const day of ['2025-04-01', '2025-05-01']) {
      await respond('A', tp.A, day, 30, 27)
      await respond('B', tp.B, day, 4, 1)
      await respond('C', tp.C, day, 15, 12)
    }
    await respond('A', tp.A, '2025-06-15', 3, 3)
    await srv.hl.writer.drain()
    const keys = ['2025-04', '2025-05', '2025-Q2']
    for (const key of keys) {
      await act('D', key, 'approve')
      await act('D', key, 'publish')
    }
    const { body } = await json(`/api/v1/public/results?unit=${ids.D}`)
    const figure = (key: string, unit: string) => {
      const p = body.periods.find((q: { key: string }) => q.key === key)
      return [...p.figures, ...p.below].find((f: { unit: { id: number } }) => f.unit.id === ids[unit])
    }
    // The quarter minus April and May would be June's three responses: the months go, for D and for A; the quarter stays.
    expect(figure('2025-Q2', 'D')).toMatchObject({ n: 101, hidden: null })
    expect(figure('2025-Q2', 'A')).toMatchObject({ n: 63, hidden: null })
    for (const key of ['2025-04', '2025-05']) {
      for (const unit of ['D', 'A']) expect(figure(key, unit), `${unit} ${key}`).toMatchObject({ n: null, index: null, hidden: 'secondary' })
      expect(figure(key, 'B')).toMatchObject({ hidden: 'small' })
    }
    // The months of 2026 hold no such remainder: unchanged.
    expect(figure(month.key, 'D')).toMatchObject({ n: 49, hidden: null })
    for (const key of keys) await act('D', key, 'unpublish')
  })

  it('passes the CSP: no inline script or style, a stylesheet from /static, Vietnamese first and English on request', async () => {
    for (const path of ['/public', `/public/units/${ids.D}`]) {
      const page = await open(path)
      expect(page.csp).toContain("script-src 'self'")
      expect(page.text).not.toMatch(/<script|style=|<style|\son[a-z]+=/i)
      expect(page.text).toContain('<link rel="stylesheet" href="/static/public.css"/>')
      expect(page.text).toContain('<html lang="vi">')
    }
    const css = await open('/static/public.css')
    expect(css.status).toBe(200)
    expect(css.type).toContain('text/css')
    const en = await open(`/public/units/${ids.D}?lang=en`)
    expect(en.text).toContain('<html lang="en">')
    expect(en.text).toContain('Not published (too few responses)')
    expect(en.text).toContain('Satisfaction index')
  })
})
