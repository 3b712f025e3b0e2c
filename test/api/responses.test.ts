/**
 * The public submission contract, against a real server and a real SQLite file:
 * POST /api/v1/responses and the form POST /s/{code}.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let cookie: string
let counter: string
let health: string

async function api(path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers)
  if (init.json !== undefined) headers.set('content-type', 'application/json')
  if (cookie) headers.set('cookie', cookie)
  const res = await fetch(srv.url + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body, redirect: 'manual' })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text.startsWith('{') ? JSON.parse(text) : text }
}

const submit = (body: unknown, headers: Record<string, string> = {}) => api('/api/v1/responses', { method: 'POST', json: body, headers })
const countResponses = async () => Number((await srv.hl.store.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

beforeAll(async () => {
  srv = await startServer()
  cookie = await srv.login()
  const unit = (await api('/api/v1/units', { method: 'POST', json: { name: 'Xã Thử Nghiệm', type: 'commune', sector: 'administrative' } })).body
  const service = (await api('/api/v1/services', { method: 'POST', json: { name: 'Đăng ký khai sinh', sector: 'administrative' } })).body
  counter = (await api('/api/v1/touchpoints', { method: 'POST', json: { unit: unit.id, survey: 'counter-rating', service: service.id, label: 'Quầy 1' } })).body.code
  health = (await api('/api/v1/touchpoints', { method: 'POST', json: { unit: unit.id, survey: 'health-outpatient', label: 'Trạm y tế' } })).body.code
})

afterAll(() => srv.close())

describe('POST /api/v1/responses', () => {
  it('stores a response once: 201, then 200 for the same id and body, 409 for another body', async () => {
    const id = randomUUID()
    const body = { id, touchpoint: counter, answers: { overall: 0, improve: 2 }, comment: 'Phải chờ quá lâu' }
    const before = await countResponses()
    const first = await submit(body)
    expect(first.status).toBe(201)
    expect(first.body).toEqual({ id })
    // Key order and case of the id do not make a different body.
    const again = await submit({ comment: 'Phải chờ quá lâu', answers: { improve: 2, overall: 0 }, touchpoint: counter.toUpperCase(), id: id.toUpperCase() })
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ id })
    const other = await submit({ ...body, answers: { overall: 2 } })
    expect(other.status).toBe(409)
    expect(other.body.error.code).toBe('id_conflict')
    expect(await countResponses()).toBe(before + 1)
    const answers = await srv.hl.store.db.selectFrom('answers as a').innerJoin('responses as r', 'r.id', 'a.response_id').select(['a.item', 'a.value_num']).where('r.uid', '=', id).orderBy('a.item').execute()
    expect(answers).toEqual([
      { item: 'improve', value_num: 2 },
      { item: 'overall', value_num: 0 },
    ])
  })

  it('answers 404 for an unknown touchpoint', async () => {
    const res = await submit({ id: randomUUID(), touchpoint: 'nosuch99', answers: { overall: 1 } })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('touchpoint_not_found')
    expect(res.body.error.message).toMatch(/Không tìm thấy/)
  })

  it('answers with the security headers every answer carries, each once, errors too', async () => {
    for (const res of [await submit({ id: randomUUID(), touchpoint: counter, answers: { overall: 2 } }), await submit({ id: randomUUID(), touchpoint: 'nosuch99', answers: {} })]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self';.*frame-ancestors 'none'$/)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    }
  })

  it('answers 422 naming every bad field, and stores nothing', async () => {
    const before = await countResponses()
    const res = await submit({
      id: randomUUID(),
      touchpoint: health,
      answers: { A1: 6, A2: 4.5, A3: '4', B1: 'x', G1: 101, H1: 'a\u0000b', ZZ: 1 },
    })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('invalid_answers')
    const byField = Object.fromEntries(res.body.error.fields.map((f: { field: string; code: string }) => [f.field, f.code]))
    expect(byField).toEqual({ A1: 'invalid_option', A2: 'invalid_option', B1: 'not_a_number', G1: 'out_of_range', H1: 'invalid_text', ZZ: 'unknown_item' })
    expect(await countResponses()).toBe(before)
  })

  it('requires the overall rating of the counter survey and at least one answer', async () => {
    const missing = await submit({ id: randomUUID(), touchpoint: counter, answers: {}, comment: 'chỉ góp ý' })
    expect(missing.status).toBe(422)
    expect(missing.body.error.fields).toEqual([expect.objectContaining({ field: 'overall', code: 'required' })])
    const empty = await submit({ id: randomUUID(), touchpoint: health, answers: {} })
    expect(empty.status).toBe(422)
    expect(empty.body.error.fields[0]).toMatchObject({ field: 'answers', code: 'empty_response' })
  })

  it('refuses malformed requests with stable codes', async () => {
    const before = await countResponses()
    const big = await api('/api/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), touchpoint: counter, answers: { overall: 1 }, comment: 'x'.repeat(17 * 1024) }) })
    expect(big.status).toBe(413)
    expect(big.body.error.code).toBe('payload_too_large')
    const bad = await api('/api/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id": ' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_json')
    const type = await api('/api/v1/responses', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })
    expect(type.status).toBe(415)
    const notObject = await submit([1, 2])
    expect(notObject.status).toBe(422)
    expect(notObject.body.error.code).toBe('invalid_body')
    const shape = await submit({ id: 'not-a-uuid', touchpoint: 7, answers: [], extra: true })
    expect(shape.status).toBe(422)
    expect(shape.body.error.code).toBe('invalid_body')
    expect(shape.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['answers', 'extra', 'id', 'touchpoint'])
    const longComment = await submit({ id: randomUUID(), touchpoint: counter, answers: { overall: 1 }, comment: 'ý'.repeat(2001) })
    expect(longComment.status).toBe(422)
    expect(longComment.body.error.fields[0]).toMatchObject({ field: 'comment', code: 'too_long' })
    // __proto__ as an answer item, written plainly or with \u escapes, which JSON.parse decodes to the same key.
    for (const key of ['__proto__', '\\u005f_proto__', '\\u005F\\u005Fproto\\u005F\\u005F']) {
      const proto = await api('/api/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"id":"${randomUUID()}","touchpoint":"${counter}","answers":{"overall":2,"${key}":2}}` })
      expect(proto.status, key).toBe(422)
      expect(proto.body.error.code).toBe('invalid_body')
    }
    expect(await countResponses()).toBe(before)
  })

  it('speaks the language the request asks for, Vietnamese by default', async () => {
    const vi = await submit({ id: randomUUID(), touchpoint: 'nosuch99', answers: {} })
    const en = await submit({ id: randomUUID(), touchpoint: 'nosuch99', answers: {} }, { 'accept-language': 'en-GB,en;q=0.9' })
    expect(vi.body.error.message).toMatch(/điểm đánh giá/)
    expect(en.body.error.message).toMatch(/does not exist/)
    expect(en.body.error.code).toBe(vi.body.error.code)
  })

  it('drops a follow-up answer whose condition does not hold', async () => {
    const id = randomUUID()
    expect((await submit({ id, touchpoint: counter, answers: { overall: 2, improve: 3 } })).status).toBe(201)
    const items = await srv.hl.store.db.selectFrom('answers as a').innerJoin('responses as r', 'r.id', 'a.response_id').select('a.item').where('r.uid', '=', id).execute()
    expect(items.map((i) => i.item)).toEqual(['overall'])
  })
})

describe('GET /api/v1/openapi.json', () => {
  it('describes every route of the contract, with the body schema the route validates with', async () => {
    const doc = (await api('/api/v1/openapi.json')).body
    expect(doc.openapi).toMatch(/^3\./)
    for (const path of ['/healthz', '/s/{code}', '/qr/{code}.svg', '/qr/{code}.png', '/poster/{code}', '/api/v1/responses', '/api/v1/surveys/{id}', '/api/v1/results', '/api/v1/units', '/api/v1/touchpoints', '/api/v1/auth/login']) {
      expect(doc.paths, path).toHaveProperty([path])
    }
    const body = doc.components.schemas.ResponseBody
    expect(Object.keys(body.properties).sort()).toEqual(['answered_at', 'answers', 'comment', 'id', 'lang', 'touchpoint'])
    expect(body.required.sort()).toEqual(['answers', 'id', 'touchpoint'])
    expect(Object.keys(doc.paths['/api/v1/responses'].post.responses).sort()).toEqual(['200', '201', '400', '404', '409', '410', '413', '415', '422', '429'])
  })
})

describe('POST /s/{code} (the plain HTML form)', () => {
  const form = (code: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${srv.url}/s/${code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields), redirect: 'manual' })

  it('stores the answer and redirects to the thank-you page; a double POST counts once', async () => {
    const id = randomUUID()
    const before = await countResponses()
    const res = await form(counter, { id, lang: 'vi', overall: '1', comment: 'Cán bộ tận tình' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${counter}/thanks?lang=vi`)
    expect((await form(counter, { id, lang: 'vi', overall: '1', comment: 'Cán bộ tận tình' })).status).toBe(303)
    expect(await countResponses()).toBe(before + 1)
    // The JSON channel sees the same body: a replay, not a conflict.
    expect((await submit({ id, touchpoint: counter, answers: { overall: 1 }, comment: 'Cán bộ tận tình' })).status).toBe(200)
  })

  it('re-renders the page with the errors (422) and keeps the answers given', async () => {
    const id = randomUUID()
    const res = await form(health, { id, lang: 'vi', A1: '4', G1: '150' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('role="alert"')
    expect(html).toContain('href="#q-G1"')
    expect(html).toMatch(/name="A1" value="4" checked/)
    expect(html).toContain(`value="${id}"`)
  })

  it('answers JSON to the page script (Accept: application/json)', async () => {
    const id = randomUUID()
    const res = await form(counter, { id, lang: 'vi', overall: '2' }, { accept: 'application/json' })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ id })
  })

  it('scores a response the same whichever channel carried it', async () => {
    const unit = (await api('/api/v1/units', { method: 'POST', json: { name: 'Trạm so sánh', type: 'health-station', sector: 'health' } })).body
    const viaForm = (await api('/api/v1/touchpoints', { method: 'POST', json: { unit: unit.id, survey: 'health-outpatient', label: 'form' } })).body.code
    const viaJson = (await api('/api/v1/touchpoints', { method: 'POST', json: { unit: unit.id, survey: 'health-outpatient', label: 'json' } })).body.code
    const answers = { A1: 5, A2: 4, A3: 2, A4: 0, B1: 3, D1: 5, G1: 70, G2: 4, H2: 'Nên có thêm ghế' }
    for (let k = 0; k < 3; k++) {
      expect((await form(viaForm, Object.fromEntries([['id', randomUUID()], ...Object.entries(answers).map(([c, v]) => [c, String(v)])]))).status).toBe(303)
      expect((await submit({ id: randomUUID(), touchpoint: viaJson, answers })).status).toBe(201)
    }
    const day = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
    const res = await api(`/api/v1/results?unit=${unit.id}&survey=health-outpatient&from=${day}&to=${day}&by=touchpoint`)
    expect(res.status).toBe(200)
    const [a, b] = res.body.groups
    expect(a.n).toBe(3)
    expect({ ...a, key: 0, label: 0 }).toEqual({ ...b, key: 0, label: 0 })
    // 5,4 satisfied; 2,3 not; 0 excluded; D1 5 satisfied → 3 of 5 counted answers per respondent.
    expect(a.index).toBeCloseTo(0.6, 6)
  })
})
