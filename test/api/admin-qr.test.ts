/**
 * Administration of units and touchpoints, and what a touchpoint gives to
 * print: QR codes (SVG, PNG) and the A5 poster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let cookie: string

async function post(path: string, json: unknown, auth = true) {
  const res = await fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { cookie } : {}) }, body: JSON.stringify(json) })
  return { status: res.status, body: await res.json() }
}

beforeAll(async () => {
  srv = await startServer()
  cookie = await srv.login()
})
afterAll(() => srv.close())

describe('units and touchpoints', () => {
  it('creates a unit tree and a touchpoint whose record carries its code and addresses', async () => {
    const province = await post('/api/v1/units', { name: 'Tỉnh Thử', type: 'province', code: 'T99' })
    expect(province.status).toBe(201)
    expect(province.body).toMatchObject({ name: 'Tỉnh Thử', type: 'province', parent: null, code: 'T99', sector: null })
    const commune = await post('/api/v1/units', { name: 'Phường Đông Hòa', type: 'commune', sector: 'administrative', parent: province.body.id })
    expect(commune.body.path).toBe(`/${province.body.id}/${commune.body.id}/`)
    const tp = await post('/api/v1/touchpoints', { unit: commune.body.id, survey: 'counter-rating', label: 'Quầy 3' })
    expect(tp.status).toBe(201)
    expect(tp.body.code).toMatch(/^[2-9a-z]{8}$/)
    expect(tp.body.urls).toEqual({
      survey: `${srv.url}/s/${tp.body.code}`,
      qr_svg: `${srv.url}/qr/${tp.body.code}.svg`,
      qr_png: `${srv.url}/qr/${tp.body.code}.png`,
      poster: `${srv.url}/poster/${tp.body.code}`,
      kiosk: `${srv.url}/k/${tp.body.code}`,
    })
    const page = await fetch(tp.body.urls.survey)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Phường Đông Hòa')
  })

  it('refuses bad administration requests with stable codes', async () => {
    expect((await post('/api/v1/units', { name: 'X', type: 'commune' }, false)).status).toBe(401)
    const missing = await post('/api/v1/units', { type: 'commune' })
    expect(missing.status).toBe(422)
    expect(missing.body.error.fields[0].field).toBe('name')
    expect((await post('/api/v1/units', { name: 'X', type: 'commune', parent: 424242 })).body.error.code).toBe('unit_not_found')
    expect((await post('/api/v1/units', { name: 'X', type: 'commune', sector: 'police' })).status).toBe(422)
    const unit = (await post('/api/v1/units', { name: 'Y', type: 'commune' })).body
    expect((await post('/api/v1/touchpoints', { unit: unit.id, survey: 'nosuch', label: 'Q' })).body.error.code).toBe('survey_not_found')
    expect((await post('/api/v1/touchpoints', { unit: unit.id, survey: 'sipas', service: 999, label: 'Q' })).body.error.code).toBe('service_not_found')
    expect((await post('/api/v1/units', { name: 'Z', type: 'commune', code: 'DUP' })).status).toBe(201)
    expect((await post('/api/v1/units', { name: 'Z2', type: 'commune', code: 'DUP' })).status).toBe(409)
  })
})

describe('QR codes and poster', () => {
  let code: string
  beforeAll(async () => {
    const unit = (await post('/api/v1/units', { name: 'Bộ phận Một cửa xã Tân Lập', type: 'one-stop', sector: 'administrative' })).body
    const service = (await post('/api/v1/services', { name: 'Đăng ký kết hôn', sector: 'administrative' })).body
    code = (await post('/api/v1/touchpoints', { unit: unit.id, survey: 'counter-rating', service: service.id, label: 'Quầy 2' })).body.code
  })

  it('serves the QR code as SVG and PNG', async () => {
    const svg = await fetch(`${srv.url}/qr/${code}.svg`)
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(await svg.text()).toMatch(/^<svg[^>]*viewBox/)
    const png = await fetch(`${srv.url}/qr/${code}.png`)
    expect(png.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await png.arrayBuffer())
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect((await fetch(`${srv.url}/qr/nosuch99.svg`)).status).toBe(404)
  })

  it('prints an A5 poster with unit, service, counter, QR, short address and the anonymity promise', async () => {
    const res = await fetch(`${srv.url}/poster/${code}`)
    const html = await res.text()
    expect(html).toContain('size:A5')
    expect(html).toContain('Bộ phận Một cửa xã Tân Lập')
    expect(html).toContain('Đăng ký kết hôn')
    expect(html).toContain('Quầy 2')
    expect(html).toContain('<svg')
    expect(html).toContain(`${srv.url.replace('http://', '')}/s/${code}`)
    expect(html).toContain('ẩn danh')
    expect(html).toContain('Tiếng Việt · English')
  })
})

describe('survey definitions', () => {
  it('GET /api/v1/surveys/{id} returns the resolved definition', async () => {
    const res = await fetch(`${srv.url}/api/v1/surveys/health-inpatient`)
    const def = await res.json()
    expect(def.index).toEqual({ method: 'pooled', sections: ['A', 'B', 'C', 'D', 'E'] })
    expect(def.sections[0].items[0].options.map((o: { value: number }) => o.value)).toContain(0)
    expect((await fetch(`${srv.url}/api/v1/surveys/nosuch`)).status).toBe(404)
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200)
  })
})
