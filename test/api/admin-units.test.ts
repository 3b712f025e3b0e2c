/**
 * The unit tree through the management API: editing and moving a subtree
 * (paths and results follow it), refusing cycles and taken codes, closing and
 * reopening, and importing a CSV list all-or-nothing. Managers and viewers
 * may not change the tree.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffCookie } from '../support/staff.ts'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)

async function call(method: string, path: string, body?: unknown, cookie = admin, type = 'application/json') {
  const res = await fetch(srv.url + path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const unit = async (body: object) => {
  const res = await call('POST', '/api/v1/units', body)
  expect(res.status).toBe(201)
  return res.body as { id: number; path: string }
}
const units = async () => (await call('GET', '/api/v1/units')).body.units as { id: number; name: string; code: string | null; path: string; parent: number | null; closed_on: string | null }[]

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
})
afterAll(() => srv.close())

describe('editing and moving units', () => {
  it('moves a whole subtree: every path follows, and the new parent’s results include it', async () => {
    const province = await unit({ name: 'Tỉnh Thử', type: 'province', code: 'P01' })
    const east = await unit({ name: 'Huyện Đông', type: 'district', parent: province.id })
    const west = await unit({ name: 'Huyện Tây', type: 'district', parent: province.id })
    const commune = await unit({ name: 'Xã Hòa An', type: 'commune', sector: 'administrative', parent: east.id })
    const office = await unit({ name: 'Bộ phận Một cửa xã Hòa An', type: 'one-stop', sector: 'administrative', parent: commune.id })
    const tp = (await call('POST', '/api/v1/touchpoints', { unit: office.id, survey: 'counter-rating', label: 'Quầy 1' })).body
    for (let i = 0; i < 3; i++) expect((await call('POST', '/api/v1/responses', { id: randomUUID(), touchpoint: tp.code, answers: { overall: 2 } })).status).toBe(201)
    // The day's count reads raw answers, the month's count reads the subtree rollups: a move must keep both right.
    const n = async (u: number) => {
      const day = (await call('GET', `/api/v1/results?unit=${u}&from=${today}&to=${today}`)).body.n
      const month = (await call('GET', `/api/v1/results?unit=${u}&period=${today.slice(0, 7)}`)).body.n
      expect(month).toBe(day)
      return day
    }
    expect([await n(east.id), await n(west.id)]).toEqual([3, 0])

    const moved = await call('PATCH', `/api/v1/units/${commune.id}`, { parent: west.id, name: 'Xã Hòa An mới' })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ name: 'Xã Hòa An mới', parent: west.id, path: `/${province.id}/${west.id}/${commune.id}/` })
    const byId = new Map((await units()).map((u) => [u.id, u]))
    expect(byId.get(office.id)!.path).toBe(`/${province.id}/${west.id}/${commune.id}/${office.id}/`)
    // Every path is its parent's path plus its own id.
    for (const u of byId.values()) expect(u.path).toBe(`${u.parent === null ? '/' : byId.get(u.parent)!.path}${u.id}/`)
    expect([await n(east.id), await n(west.id), await n(province.id)]).toEqual([0, 3, 3])

    // To the top of the tree and back.
    expect((await call('PATCH', `/api/v1/units/${commune.id}`, { parent: null })).body.path).toBe(`/${commune.id}/`)
    expect((await units()).find((u) => u.id === office.id)!.path).toBe(`/${commune.id}/${office.id}/`)
    expect((await call('PATCH', `/api/v1/units/${commune.id}`, { parent: east.id })).body.path).toBe(`/${province.id}/${east.id}/${commune.id}/`)
    expect([await n(east.id), await n(west.id), await n(province.id)]).toEqual([3, 0, 3])
    expect((await verifyRollups(srv.hl.store.db, srv.hl.store.dialect, srv.hl.surveys)).flatMap((c) => c.mismatched)).toEqual([])
  })

  it('refuses a move under itself or its own subtree (409 unit_cycle), a taken code and unknown units', async () => {
    const a = await unit({ name: 'A', type: 'district', code: 'CYC-A' })
    const b = await unit({ name: 'B', type: 'commune', parent: a.id })
    const c = await unit({ name: 'C', type: 'one-stop', parent: b.id })
    for (const parent of [a.id, c.id]) {
      const res = await call('PATCH', `/api/v1/units/${a.id}`, { parent })
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('unit_cycle')
    }
    expect((await units()).find((u) => u.id === c.id)!.path).toBe(`/${a.id}/${b.id}/${c.id}/`)
    const taken = await call('PATCH', `/api/v1/units/${b.id}`, { code: 'CYC-A' })
    expect([taken.status, taken.body.error.code]).toEqual([409, 'code_taken'])
    expect((await call('PATCH', `/api/v1/units/${a.id}`, { code: 'CYC-A', type: 'department' })).status).toBe(200)
    expect((await call('PATCH', `/api/v1/units/${b.id}`, { parent: 999999 })).body.error.code).toBe('unit_not_found')
    expect((await call('PATCH', '/api/v1/units/999999', { name: 'X' })).status).toBe(404)
    expect((await call('PATCH', `/api/v1/units/${b.id}`, { sector: 'police' })).status).toBe(422)
  })

  it('closes a unit on a day (its subtree and touchpoints with it) and reopens it', async () => {
    const commune = await unit({ name: 'Xã Sáp Nhập', type: 'commune', sector: 'administrative' })
    const office = await unit({ name: 'Một cửa Xã Sáp Nhập', type: 'one-stop', parent: commune.id })
    const tp = (await call('POST', '/api/v1/touchpoints', { unit: office.id, survey: 'counter-rating', label: 'Quầy' })).body
    const closed = await call('POST', `/api/v1/units/${commune.id}/close`, { on: '2025-07-01' })
    expect(closed.status).toBe(200)
    expect(closed.body.closed_on).toBe('2025-07-01')
    expect((await units()).find((u) => u.id === office.id)!.closed_on).toBe('2025-07-01')
    const tps = (await call('GET', `/api/v1/touchpoints?unit=${commune.id}`)).body.touchpoints
    expect(tps[0].retired_on).toBe('2025-07-01')
    expect((await fetch(`${srv.url}/s/${tp.code}`)).status).toBe(410)

    const reopened = await call('POST', `/api/v1/units/${commune.id}/close`, { on: null })
    expect(reopened.body.closed_on).toBeNull()
    expect((await units()).find((u) => u.id === office.id)!.closed_on).toBeNull()
    expect((await call('GET', `/api/v1/touchpoints?unit=${commune.id}`)).body.touchpoints[0].retired_on).toBeNull()
    expect((await fetch(`${srv.url}/s/${tp.code}`)).status).toBe(200)
    expect((await call('POST', `/api/v1/units/${commune.id}/close`, { on: '2025-02-30' })).status).toBe(422)
  })
})

describe('CSV import', () => {
  const csv = (text: string, query = '') => call('POST', `/api/v1/units/import${query}`, text, admin, 'text/csv; charset=utf-8')

  it('imports a list with a BOM, CRLF, quotes and Vietnamese names; parents by code in the database or earlier in the file', async () => {
    await unit({ name: 'Tỉnh Gốc', type: 'province', code: 'G00' })
    const text =
      '\uFEFFcode,name,type,sector,parent_code\r\n' +
      'G01,"Huyện Đồng Hỷ, tỉnh Gốc",district,,G00\r\n' +
      'G02,"UBND xã ""Hóa Thượng""",commune,administrative,G01\r\n' +
      'G03,Trạm Y tế xã Hóa Thượng,health-station,health,G02\r\n'
    const dry = await csv(text, '?dry_run=1')
    expect(dry).toEqual({ status: 200, body: { dry_run: true, created: 3 } })
    expect((await units()).some((u) => u.code === 'G01')).toBe(false)

    expect(await csv(text)).toEqual({ status: 201, body: { dry_run: false, created: 3 } })
    const all = await units()
    const byCode = new Map(all.map((u) => [u.code, u]))
    expect(byCode.get('G01')!.name).toBe('Huyện Đồng Hỷ, tỉnh Gốc')
    expect(byCode.get('G02')!.name).toBe('UBND xã "Hóa Thượng"')
    expect(byCode.get('G03')!.name).toBe('Trạm Y tế xã Hóa Thượng')
    expect(byCode.get('G03')!.path).toBe(`${byCode.get('G00')!.path}${byCode.get('G01')!.id}/${byCode.get('G02')!.id}/${byCode.get('G03')!.id}/`)
  })

  it('writes nothing when one line is wrong, and lists every problem by line', async () => {
    const before = (await units()).length
    const res = await csv('code,name,type,sector,parent_code\nH01,Xã Một,commune,,\nH02,Xã Hai,commune,police,\nH03,Xã Ba,commune,,NOSUCH\nG01,Trùng,commune,,\n')
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('invalid_csv')
    expect(res.body.error.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [3, 'sector', 'invalid_sector'],
    ])
    // The file's own problems come first; once it is clean, the database's.
    const res2 = await csv('code,name,type,sector,parent_code\nH01,Xã Một,commune,,\nH03,Xã Ba,commune,,NOSUCH\nG01,Trùng,commune,,\n')
    expect(res2.body.error.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [3, 'parent_code', 'parent_not_found'],
      [4, 'code', 'code_taken'],
    ])
    expect(res2.body.error.errors[0].message).toMatch(/đơn vị cấp trên/)
    expect((await units()).length).toBe(before)
  })

  it('refuses other content types and bodies over the limit', async () => {
    expect((await call('POST', '/api/v1/units/import', { a: 1 })).status).toBe(415)
    const big = `code,name,type\n${'X,'.repeat(1_100_000)}`
    expect((await csv(big)).status).toBe(413)
  })
})

describe('who may change the tree', () => {
  it('managers and viewers may not create, edit, close or import units (403)', async () => {
    const root = await unit({ name: 'Xã Quyền', type: 'commune' })
    const manager = await staffCookie(srv, 'manager-units', [{ unit: root.id, role: 'manager' }])
    const viewer = await staffCookie(srv, 'viewer-units', [{ unit: root.id, role: 'viewer' }])
    for (const cookie of [manager, viewer]) {
      expect((await call('POST', '/api/v1/units', { name: 'X', type: 'commune', parent: root.id }, cookie)).status).toBe(403)
      expect((await call('PATCH', `/api/v1/units/${root.id}`, { name: 'X' }, cookie)).status).toBe(403)
      expect((await call('POST', `/api/v1/units/${root.id}/close`, { on: today }, cookie)).status).toBe(403)
      expect((await call('POST', '/api/v1/units/import', 'code,name,type\nQ1,Q,commune\n', cookie, 'text/csv')).status).toBe(403)
      expect((await call('PATCH', `/api/v1/services/1`, { name: 'X' }, cookie)).status).toBe(403)
    }
    expect((await call('PATCH', `/api/v1/units/${root.id}`, { name: 'X' }, '')).status).toBe(401)
  })
})
