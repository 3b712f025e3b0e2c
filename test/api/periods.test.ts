/**
 * Period close: a manager submits, Sở Nội vụ returns with a remark or
 * approves; an approved period's figures are frozen (late responses are
 * stored but do not move them, live=1 shows the difference), the dashboard
 * says so, and a repeated export of the frozen period gives the same bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { periodContaining, previousPeriod } from '../../server/domain/periods.ts'
import { responseRecord } from '../support/response-record.ts'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
let manager: string
let viewer: string
let outsider: string
let unit: { id: number; path: string }
const month = previousPeriod(periodContaining('month', localDay(new Date())))

async function post(path: string, cookie: string, body: unknown = {}) {
  const res = await fetch(srv.url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, body: await res.json() }
}
async function get(path: string, cookie: string) {
  const res = await fetch(srv.url + path, { headers: { cookie } })
  expect(res.status, path).toBe(200)
  return res
}
const results = async (cookie: string, extra = '') => (await get(`/api/v1/results?unit=${unit.id}&period=${month.key}&survey=counter-rating${extra}`, cookie)).json()
const action = (verb: string, cookie: string, body: unknown = {}, key = month.key) => post(`/api/v1/periods/${unit.id}/${key}/${verb}`, cookie, body)

beforeAll(async () => {
  srv = await startServer({ demo: true })
  admin = await srv.login()
  const communes = await srv.hl.store.db.selectFrom('units').selectAll().where('type', '=', 'commune').orderBy('path').execute()
  unit = communes[0]!
  manager = await staffCookie(srv, 'truong-xa', [{ unit: unit.id, role: 'manager' }])
  viewer = await staffCookie(srv, 'can-bo-xa', [{ unit: unit.id, role: 'viewer' }])
  outsider = await staffCookie(srv, 'xa-khac', [{ unit: communes[1]!.id, role: 'manager' }])
}, 180_000)
afterAll(() => srv.close())

describe('submit, return, approve', () => {
  it('lets only the unit’s managers submit, and only finished periods', async () => {
    expect((await action('submit', viewer)).status).toBe(403)
    expect((await action('submit', outsider)).status).toBe(403)
    const thisMonth = periodContaining('month', localDay(new Date())).key
    expect((await action('submit', manager, {}, thisMonth)).body.error.code).toBe('period_not_over')
    const res = await action('submit', manager, { remark: 'Đã rà soát đủ phiếu' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'submitted', submitted_by: 'truong-xa', remark: 'Đã rà soát đủ phiếu', period_key: month.key })
  })

  it('returns with a remark (required), and the manager submits again', async () => {
    expect((await action('return', manager, { remark: 'x' })).status).toBe(403)
    expect((await action('return', admin, {})).status).toBe(422)
    const back = await action('return', admin, { remark: 'Thiếu số liệu quầy 2' })
    expect(back.body).toMatchObject({ status: 'returned', remark: 'Thiếu số liệu quầy 2', returned_by: 'admin' })
    expect((await action('return', admin, { remark: 'again' })).body.error.code).toBe('period_not_submitted')
    expect((await action('submit', manager)).body.status).toBe('submitted')
    const list = await (await get('/api/v1/periods', viewer)).json()
    expect(list.items.map((r: { period_key: string; status: string }) => [r.period_key, r.status])).toEqual([[month.key, 'submitted']])
    expect((await (await get('/api/v1/periods', outsider)).json()).items).toEqual([])
  })

  it('approval freezes the figures: a late response is stored but moves only the live figures', async () => {
    const before = await results(viewer)
    expect((await action('approve', manager)).status).toBe(403)
    const ok = await action('approve', admin)
    expect(ok.body).toMatchObject({ status: 'approved', approved_by: 'admin' })
    expect((await action('approve', admin)).body.error.code).toBe('period_approved')
    expect((await action('submit', manager)).body.error.code).toBe('period_approved')

    const frozen = await results(viewer)
    expect(frozen.frozen).toEqual({ approved_at: ok.body.approved_at, approved_by: 'admin' })
    const { frozen: _f, ...figures } = frozen
    expect(figures).toEqual(before)

    // A late response for a day of the approved month, and a breakdown read before and after.
    const byService = await results(viewer, '&by=service')
    const tp = await srv.hl.store.db.selectFrom('touchpoints as t').innerJoin('units as u', 'u.id', 't.unit_id').select(['t.id', 't.unit_id', 't.service_id']).where('u.path', 'like', `${unit.path}%`).where('t.survey_id', '=', 'counter-rating').executeTakeFirstOrThrow()
    const day = addDays(month.to, -1)
    await srv.hl.writer.write(responseRecord({ id: tp.id, unit: tp.unit_id, service: tp.service_id }, day, { overall: 0, improve: 1 }, { receivedAt: new Date().toISOString() }))
    await srv.hl.writer.drain()
    const after = await results(viewer)
    expect(after.n).toBe(before.n)
    expect(after.index).toBe(before.index)
    expect(await results(viewer, '&by=service')).toEqual(byService)
    const live = await results(viewer, '&live=1')
    expect(live.frozen).toBeUndefined()
    expect(live.n).toBe(before.n + 1)

    const html = await (await get(`/dashboard?unit=${unit.id}&period=${month.key}&survey=counter-rating`, viewer)).text()
    expect(html).toContain(`data-frozen="${ok.body.approved_at}"`)
  })

  it('exports of the frozen period leave the late response out and repeat byte for byte', async () => {
    const frozen = await results(viewer)
    const res = await get(`/api/v1/exports/responses?unit=${unit.id}&period=${month.key}&survey=counter-rating`, viewer)
    expect(res.headers.get('x-period-frozen')).toBe(frozen.frozen.approved_at)
    const lines = (await res.text()).trim().split('\r\n')
    expect(lines.length - 1).toBe(frozen.n)

    const first = await get(`/api/v1/exports/results?unit=${unit.id}&period=${month.key}&format=xlsx`, viewer)
    const id = first.headers.get('x-export-id')!
    const bytes = Buffer.from(await first.arrayBuffer())
    const again = Buffer.from(await (await get(`/api/v1/exports/${id}/file`, viewer)).arrayBuffer())
    expect(again.equals(bytes)).toBe(true)
    const log = (await (await get('/api/v1/exports', viewer)).json()).items
    const [second, original] = log
    expect(original).toMatchObject({ id: Number(id), period_frozen: true, made_at: frozen.frozen.approved_at })
    expect(second.sha256).toBe(original.sha256)
  })

  it('only administrators publish, and only approved periods', async () => {
    expect((await action('publish', manager)).status).toBe(403)
    const pub = await action('publish', admin)
    expect(pub.body.published_by).toBe('admin')
    expect((await action('publish', admin, {}, addDays(month.from, -1).slice(0, 7))).body.error.code).toBe('period_not_approved')
    expect((await action('unpublish', admin)).body.published_at).toBeNull()
  })

  it('the page’s forms work without script and say what happened', async () => {
    const form = await fetch(`${srv.url}/periods/submit`, { method: 'POST', redirect: 'manual', headers: { cookie: manager, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ unit: String(unit.id), period: 'tháng 13' }) })
    expect(form.status).toBe(303)
    expect(form.headers.get('location')).toContain('err=invalid_period')
    const page = await (await get(`/periods?lang=vi`, manager)).text()
    expect(page).toContain(`data-period="${month.key}" data-status="approved"`)
    expect(page).toContain('Chốt kỳ báo cáo')
  })
})
