/**
 * Touchpoints under management: a unit's managers edit and retire its
 * touchpoints and nobody else's; a retired touchpoint's page is gone (410)
 * while answers queued offline are still taken for 30 days; the batch poster
 * page prints every touchpoint in use, for managers and administrators only.
 */
import { createHash, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
let manager: string
let viewer: string
const ids: Record<string, number> = {}
const localDay = (offsetDays = 0) => new Date(Date.now() + 7 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10)

async function call(method: string, path: string, body?: unknown, cookie = admin) {
  const res = await fetch(srv.url + path, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}
const created = async (path: string, body: object, cookie = admin) => {
  const res = await call('POST', path, body, cookie)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}
const answer = (code: string) => call('POST', '/api/v1/responses', { id: randomUUID(), touchpoint: code, answers: { overall: 2 } }, '')

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  ids.province = (await created('/api/v1/units', { name: 'Tỉnh Thử', type: 'province' })).id
  ids.mine = (await created('/api/v1/units', { name: 'Xã Của Tôi', type: 'commune', sector: 'administrative', parent: ids.province })).id
  ids.office = (await created('/api/v1/units', { name: 'Một cửa Xã Của Tôi', type: 'one-stop', sector: 'administrative', parent: ids.mine })).id
  ids.other = (await created('/api/v1/units', { name: 'Xã Khác', type: 'commune', sector: 'administrative', parent: ids.province })).id
  ids.service = (await created('/api/v1/services', { name: 'Chứng thực', sector: 'administrative' })).id
  manager = await staffCookie(srv, 'manager-tp', [{ unit: ids.mine!, role: 'manager' }])
  viewer = await staffCookie(srv, 'viewer-tp', [{ unit: ids.mine!, role: 'viewer' }])
})
afterAll(() => srv.close())

describe('managing touchpoints', () => {
  it('a manager creates and edits touchpoints in their subtree, but not in another unit (403)', async () => {
    const tp = await created('/api/v1/touchpoints', { unit: ids.office, survey: 'counter-rating', label: 'Quầy 1' }, manager)
    const edited = await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { label: 'Quầy 1 (tầng 2)', service: ids.service }, manager)
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ label: 'Quầy 1 (tầng 2)', service: ids.service, retired_on: null })

    const theirs = await created('/api/v1/touchpoints', { unit: ids.other, survey: 'counter-rating', label: 'Quầy khác' })
    expect((await call('PATCH', `/api/v1/touchpoints/${theirs.id}`, { label: 'Đổi' }, manager)).status).toBe(403)
    expect((await call('POST', '/api/v1/touchpoints', { unit: ids.other, survey: 'counter-rating', label: 'Q' }, manager)).status).toBe(403)
    expect((await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { label: 'Đổi' }, viewer)).status).toBe(403)
    expect((await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { service: 424242 }, manager)).body.error.code).toBe('service_not_found')
    expect((await call('PATCH', '/api/v1/touchpoints/424242', { label: 'X' })).status).toBe(404)

    const listed = (await call('GET', '/api/v1/touchpoints', undefined, manager)).body.touchpoints.map((t: { id: number }) => t.id)
    expect(listed).toContain(tp.id)
    expect(listed).not.toContain(theirs.id)
  })

  it('a manager may not create units, services or targets (403)', async () => {
    expect((await call('POST', '/api/v1/units', { name: 'X', type: 'one-stop', parent: ids.mine }, manager)).status).toBe(403)
    expect((await call('POST', '/api/v1/services', { name: 'X', sector: 'administrative' }, manager)).status).toBe(403)
    expect((await call('POST', '/api/v1/targets', { sector: 'administrative', threshold: 0.5, valid_from: '2020-01-01', source: 'X' }, manager)).status).toBe(403)
  })
})

describe('retiring a touchpoint', () => {
  it('takes the page away at once (410) but accepts queued answers for 30 days', async () => {
    const tp = await created('/api/v1/touchpoints', { unit: ids.office, survey: 'counter-rating', label: 'Quầy cũ' })
    expect((await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { retired_on: localDay(1) }, manager)).status).toBe(200)
    expect((await fetch(`${srv.url}/s/${tp.code}`)).status).toBe(200)

    expect((await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { retired_on: localDay() }, manager)).status).toBe(200)
    const page = await fetch(`${srv.url}/s/${tp.code}`)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('đã ngừng sử dụng')
    const api = await fetch(`${srv.url}/s/${tp.code}`, { headers: { accept: 'application/json' } })
    expect((await api.json()).error.code).toBe('touchpoint_retired')
    expect((await answer(tp.code)).status).toBe(201)
    const form = await fetch(`${srv.url}/s/${tp.code}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id: randomUUID(), overall: '1' }) })
    expect(form.status).toBe(303)

    // Thirty days after the retirement day answers still arrive; thirty-one, they are refused.
    await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { retired_on: localDay(-30) })
    expect((await answer(tp.code)).status).toBe(201)
    await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { retired_on: localDay(-31) })
    const late = await answer(tp.code)
    expect([late.status, late.body.error.code]).toEqual([410, 'touchpoint_retired'])

    expect((await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { retired_on: null })).body.retired_on).toBeNull()
    expect((await fetch(`${srv.url}/s/${tp.code}`)).status).toBe(200)
    expect((await call('PATCH', `/api/v1/touchpoints/${tp.id}`, { retired_on: 'tomorrow' })).status).toBe(422)
  })
})

describe('batch posters', () => {
  it('prints every touchpoint in use of the subtree, one poster each, under a CSP that allows its styles', async () => {
    const unit = (await created('/api/v1/units', { name: 'Bệnh viện Đa khoa', type: 'hospital', sector: 'health', parent: ids.mine })).id
    const ward = (await created('/api/v1/units', { name: 'Khoa Nội', type: 'ward', sector: 'health', parent: unit })).id
    const labels = ['Khoa Khám bệnh', 'Quầy thu ngân']
    await created('/api/v1/touchpoints', { unit, survey: 'health-outpatient', label: labels[0] })
    await created('/api/v1/touchpoints', { unit: ward, survey: 'health-inpatient', label: 'Khoa Nội — buồng 1' })
    const retired = await created('/api/v1/touchpoints', { unit, survey: 'health-outpatient', label: labels[1] })
    await call('PATCH', `/api/v1/touchpoints/${retired.id}`, { retired_on: localDay() })

    const res = await fetch(`${srv.url}/admin/units/${unit}/posters`, { headers: { cookie: manager } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html.match(/<div class="poster">/g)).toHaveLength(2)
    expect(html).toContain('Khoa Khám bệnh')
    expect(html).toContain('Khoa Nội — buồng 1')
    expect(html).not.toContain('Quầy thu ngân')
    expect(html).toContain('break-after:page')
    const csp = res.headers.get('content-security-policy')!
    for (const [, css] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) expect(csp).toContain(`'sha256-${createHash('sha256').update(css!).digest('base64')}'`)

    expect((await fetch(`${srv.url}/admin/units/${unit}/posters`, { headers: { cookie: admin } })).status).toBe(200)
    expect((await fetch(`${srv.url}/admin/units/${unit}/posters`, { headers: { cookie: viewer } })).status).toBe(403)
    expect((await fetch(`${srv.url}/admin/units/${ids.other}/posters`, { headers: { cookie: manager } })).status).toBe(403)
    expect((await fetch(`${srv.url}/admin/units/${unit}/posters`, { redirect: 'manual' })).status).toBe(303)
  })
})

describe('management pages by role', () => {
  it('administrator-only pages answer 403 to managers and viewers; managers see their own touchpoints page', async () => {
    for (const path of ['/admin/units', `/admin/units/${ids.mine}`, '/admin/services', '/admin/targets']) {
      for (const cookie of [manager, viewer]) expect((await fetch(srv.url + path, { headers: { cookie } })).status, path).toBe(403)
      expect((await fetch(srv.url + path, { headers: { cookie: admin } })).status, path).toBe(200)
    }
    expect((await fetch(`${srv.url}/admin`, { headers: { cookie: viewer } })).status).toBe(403)
    expect((await fetch(`${srv.url}/admin/touchpoints`, { headers: { cookie: viewer } })).status).toBe(403)
    const page = await fetch(`${srv.url}/admin/touchpoints`, { headers: { cookie: manager } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Xã Của Tôi')
    expect(html).not.toContain('Xã Khác')
    expect((await fetch(`${srv.url}/admin/touchpoints?unit=${ids.other}`, { headers: { cookie: manager } })).status).toBe(403)
  })

  it('a manager edits a touchpoint through its form and is sent back with a message; another unit’s form is refused', async () => {
    const tp = await created('/api/v1/touchpoints', { unit: ids.office, survey: 'counter-rating', label: 'Quầy form' })
    const post = (id: number, cookie: string, fields: Record<string, string>) =>
      fetch(`${srv.url}/admin/touchpoints/${id}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) })
    const ok = await post(tp.id, manager, { label: 'Quầy form mới', service: '', retired_on: '' })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe(`/admin/touchpoints?unit=${ids.office}&ok=saved`)
    const back = await (await fetch(srv.url + ok.headers.get('location'), { headers: { cookie: manager } })).text()
    expect(back).toContain('Đã lưu.')
    expect(back).toContain('Quầy form mới')
    const bad = await post(tp.id, manager, { label: '', service: '', retired_on: '' })
    expect(bad.headers.get('location')).toMatch(/err=invalid_body/)
    const theirs = await created('/api/v1/touchpoints', { unit: ids.other, survey: 'counter-rating', label: 'Q' })
    expect((await post(theirs.id, manager, { label: 'X', service: '', retired_on: '' })).status).toBe(403)
  })
})
