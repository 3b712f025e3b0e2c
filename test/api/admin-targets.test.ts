/**
 * Targets under management: the plans' defaults stay with their sources and
 * periods; an administrator's new target supersedes them from its start day
 * and changes the target and verdict GET /api/v1/results reports.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
let viewer: string
let commune: number
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)

async function call(method: string, path: string, body?: unknown, cookie = admin) {
  const res = await fetch(srv.url + path, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}
interface TargetJson {
  id: number
  sector: string | null
  unit: number | null
  threshold: number
  valid_from: string
  valid_to: string | null
  source: string
  default: boolean
}
const targets = async (cookie = admin) => (await call('GET', '/api/v1/targets', undefined, cookie)).body.targets as TargetJson[]
const results = async () => (await call('GET', `/api/v1/results?unit=${commune}&from=${today}&to=${today}`)).body

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  commune = (await call('POST', '/api/v1/units', { name: 'Xã Chỉ Tiêu', type: 'commune', sector: 'administrative' })).body.id
  viewer = await staffCookie(srv, 'viewer-targets', [{ unit: commune, role: 'viewer' }])
  const tp = (await call('POST', '/api/v1/touchpoints', { unit: commune, survey: 'counter-rating', label: 'Quầy' })).body
  // 60 answers, all satisfied: the interval's lower end lies above 0.9 and below 0.95.
  for (let i = 0; i < 60; i++) expect((await call('POST', '/api/v1/responses', { id: randomUUID(), touchpoint: tp.code, answers: { overall: 2 } }, '')).status).toBe(201)
})
afterAll(() => srv.close())

describe('targets', () => {
  it('lists the shipped defaults to anyone signed in, each with its source and period', async () => {
    const list = await targets(viewer)
    const admin2016 = list.find((t) => t.sector === 'administrative' && t.valid_from === '2016-01-01')!
    const admin2021 = list.find((t) => t.sector === 'administrative' && t.valid_from === '2021-01-01')!
    expect(admin2016).toMatchObject({ threshold: 0.9, valid_to: '2020-12-31', default: true })
    expect(admin2016.source).toMatch(/NQ 30c/)
    expect(admin2021).toMatchObject({ threshold: 0.95, valid_to: null, default: true })
    expect(list).toHaveLength(6)
    expect((await fetch(`${srv.url}/api/v1/targets`)).status).toBe(401)
  })

  it('a new sector target supersedes the default from its start: results show the new target and verdict', async () => {
    const before = await results()
    expect(before.n).toBe(60)
    expect(before.target).toBe(0.95)
    expect(before.verdict).not.toBe('met')

    const made = await call('POST', '/api/v1/targets', { sector: 'administrative', threshold: 0.9, valid_from: '2026-01-01', source: 'Quyết định 123/QĐ-UBND tỉnh' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ sector: 'administrative', unit: null, threshold: 0.9, valid_to: null, default: false })
    const list = await targets()
    expect(list.find((t) => t.sector === 'administrative' && t.valid_from === '2021-01-01')!.valid_to).toBe('2025-12-31')

    const after = await results()
    expect(after.target).toBe(0.9)
    expect(after.verdict).toBe('met')
    expect(after.target_source).toBe('Quyết định 123/QĐ-UBND tỉnh')

    // A correction of the new target takes effect at once; the defaults cannot be edited away.
    expect((await call('PATCH', `/api/v1/targets/${made.body.id}`, { threshold: 0.99, source: 'Quyết định 124/QĐ-UBND' })).status).toBe(200)
    expect(await results()).toMatchObject({ target: 0.99, verdict: 'undecided', target_source: 'Quyết định 124/QĐ-UBND' })
    const def = list.find((t) => t.default)!
    expect((await call('PATCH', `/api/v1/targets/${def.id}`, { threshold: 0.5 })).body.error.code).toBe('target_default')
    expect((await call('DELETE', `/api/v1/targets/${def.id}`)).status).toBe(409)

    expect((await call('DELETE', `/api/v1/targets/${made.body.id}`)).status).toBe(204)
    expect((await results()).target).toBe(0.95)
    expect((await call('DELETE', `/api/v1/targets/${made.body.id}`)).status).toBe(404)
  })

  it('a unit’s own target wins over the sector’s; a target starting tomorrow does not apply yet', async () => {
    const own = await call('POST', '/api/v1/targets', { unit: commune, threshold: 0.8, valid_from: '2020-01-01', source: 'Kế hoạch của xã' })
    expect(own.status).toBe(201)
    expect(await results()).toMatchObject({ target: 0.8, verdict: 'met', target_source: 'Kế hoạch của xã' })
    const tomorrow = new Date(Date.now() + 31 * 3600_000).toISOString().slice(0, 10)
    expect((await call('POST', '/api/v1/targets', { unit: commune, threshold: 0.99, valid_from: tomorrow, source: 'Sắp tới' })).status).toBe(201)
    expect((await results()).target).toBe(0.8)
    const same = await call('POST', '/api/v1/targets', { unit: commune, threshold: 0.7, valid_from: '2020-01-01', source: 'Trùng ngày' })
    expect([same.status, same.body.error.code]).toEqual([409, 'target_same_start'])
  })

  it('refuses bad targets and non-administrators', async () => {
    expect((await call('POST', '/api/v1/targets', { threshold: 0.9, valid_from: '2026-01-01', source: 'X' })).status).toBe(422)
    expect((await call('POST', '/api/v1/targets', { sector: 'health', threshold: 90, valid_from: '2026-01-01', source: 'X' })).status).toBe(422)
    expect((await call('POST', '/api/v1/targets', { sector: 'health', threshold: 0.9, valid_from: '2026-13-01', source: 'X' })).status).toBe(422)
    expect((await call('POST', '/api/v1/targets', { unit: 424242, threshold: 0.9, valid_from: '2026-01-01', source: 'X' })).status).toBe(404)
    const id = (await targets()).find((t) => !t.default)!.id
    expect((await call('POST', '/api/v1/targets', { sector: 'health', threshold: 0.9, valid_from: '2026-01-01', source: 'X' }, viewer)).status).toBe(403)
    expect((await call('PATCH', `/api/v1/targets/${id}`, { threshold: 0.1 }, viewer)).status).toBe(403)
    expect((await call('DELETE', `/api/v1/targets/${id}`, undefined, viewer)).status).toBe(403)
  })

  it('the targets page adds a target from a percentage and shows each period', async () => {
    const res = await fetch(`${srv.url}/admin/targets`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sector: 'education', unit: '', threshold: '92.5', valid_from: '2027-01-01', source: 'Kế hoạch giáo dục 2027' }),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/targets?ok=target_created')
    expect((await targets()).find((t) => t.source === 'Kế hoạch giáo dục 2027')).toMatchObject({ sector: 'education', threshold: 0.925 })
    const page = await (await fetch(`${srv.url}/admin/targets?ok=target_created`, { headers: { cookie: admin } })).text()
    expect(page).toContain('Đã thêm chỉ tiêu.')
    expect(page).toContain('2026-12-31')
    expect(page).toContain('Kế hoạch giáo dục 2027')
  })
})
