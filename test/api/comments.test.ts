/**
 * GET /api/v1/comments and the /comments page: newest day first, masked,
 * negative ones marked, filters, keyset pages, today's comments held back,
 * and a commune's comments kept from another commune's staff.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertResponse } from '../../server/store/record-responses.ts'
import type { Answers } from '../../server/domain/survey-types.ts'
import { responseRecord, type RecordTouchpoint } from '../support/response-record.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { staffCookie } from '../support/staff.ts'

let srv: TestServer
let admin: string
let viewerA: string
const ids: Record<string, number> = {}
const localDay = (offset: number) => new Date(Date.now() + 7 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10)
const today = localDay(0)
const from = localDay(-30)

interface Item {
  day: string
  unit: string
  service: string | null
  touchpoint: string
  survey: { id: string }
  rating: string | null
  negative: boolean
  texts: { item: string; label: string | null; text: string }[]
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

/** A response of an earlier day, written through the store as the write path would. */
async function past(tp: RecordTouchpoint, day: string, answers: Answers, comment: string | null) {
  await srv.hl.store.db.transaction().execute((trx) => insertResponse(trx, srv.hl.store.dialect, responseRecord(tp, day, answers, { comment })))
}

const comments = (q: string, cookie = admin) => call(`/api/v1/comments?from=${from}&to=${today}&${q}`, cookie)
const texts = (items: Item[]) => items.flatMap((i) => i.texts.map((t) => t.text))

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const unit = async (key: string, body: object) => (ids[key] = (await call('/api/v1/units', admin, body)).body.id)
  await unit('p', { name: 'Tỉnh Thử', type: 'province' })
  await unit('a', { name: 'Xã A', type: 'commune', sector: 'administrative', parent: ids.p })
  await unit('b', { name: 'Xã B', type: 'commune', sector: 'administrative', parent: ids.p })
  await unit('h', { name: 'Trạm Y tế A', type: 'health-station', sector: 'health', parent: ids.a })
  ids.s1 = (await call('/api/v1/services', admin, { name: 'Chứng thực', sector: 'administrative' })).body.id
  ids.s2 = (await call('/api/v1/services', admin, { name: 'Khai sinh', sector: 'administrative' })).body.id
  const tp = async (unitKey: string, survey: string, service: number | null, label: string) => {
    const body = (await call('/api/v1/touchpoints', admin, { unit: ids[unitKey], survey, label, ...(service ? { service } : {}) })).body
    return { id: body.id as number, code: body.code as string, unit: ids[unitKey]!, service, survey }
  }
  const a1 = await tp('a', 'counter-rating', ids.s1!, 'Quầy 1')
  const a2 = await tp('a', 'counter-rating', ids.s2!, 'Quầy 2')
  const h1 = await tp('h', 'health-outpatient', null, 'Phòng khám')
  const b1 = await tp('b', 'counter-rating', ids.s1!, 'Quầy B')
  await past(a1, localDay(-1), { overall: 0, improve: 1 }, 'Chờ quá lâu, gọi tôi 0912 345 678')
  await past(a1, localDay(-1), { overall: 2 }, 'Cán bộ nhiệt tình <script>alert(1)</script>')
  await past(a2, localDay(-2), { overall: 1 }, 'Email tôi: lan.nguyen@gmail.com')
  await past(a2, localDay(-3), { overall: 0 }, 'Lệ phí 50.000đ là cao, CCCD 079123456789')
  await past(a2, localDay(-3), { overall: 2 }, null) // no comment: not listed
  await past(h1, localDay(-4), { A1: 1, A2: 2, B1: 5, H1: 'Nhà vệ sinh bẩn, liên hệ +84 987 654 321' }, null)
  await past(b1, localDay(-2), { overall: 0 }, 'Bí mật của xã B 0977000111')
  // Sent today: held back until the day is over.
  expect((await call('/api/v1/responses', null, { id: randomUUID(), touchpoint: a1.code, answers: { overall: 0 }, comment: 'Gửi hôm nay' })).status).toBe(201)
  viewerA = await staffCookie(srv, 'viewer-a', [{ unit: ids.a!, role: 'viewer' }])
})

afterAll(() => srv.close())

describe('GET /api/v1/comments', () => {
  it('lists comments and free-text answers newest day first, with day, unit, service, touchpoint and rating, never a time', async () => {
    const { status, body } = await comments(`unit=${ids.a}`)
    expect(status).toBe(200)
    const items = body.items as Item[]
    expect(items.map((i) => i.day)).toEqual([localDay(-1), localDay(-1), localDay(-2), localDay(-3), localDay(-4)])
    expect(body.shown_until).toBe(localDay(-1))
    const health = items.find((i) => i.survey.id === 'health-outpatient')!
    expect(health).toMatchObject({ unit: 'Trạm Y tế A', service: null, touchpoint: 'Phòng khám', rating: 'negative', negative: true })
    expect(health.texts).toEqual([{ item: 'H1', label: expect.stringMatching(/^Đối với các câu hỏi/), text: 'Nhà vệ sinh bẩn, liên hệ •••' }])
    const counter = items.find((i) => i.day === localDay(-2))!
    expect(counter).toMatchObject({ unit: 'Xã A', service: 'Khai sinh', touchpoint: 'Quầy 2', rating: 'positive', negative: false })
    expect(JSON.stringify(body)).not.toMatch(/T\d\d:\d\d/)
  })

  it('masks phone numbers, e-mail addresses and ID-card numbers and keeps amounts', async () => {
    const all = texts((await comments(`unit=${ids.a}`)).body.items)
    expect(all).toContain('Chờ quá lâu, gọi tôi •••')
    expect(all).toContain('Email tôi: •••')
    expect(all).toContain('Lệ phí 50.000đ là cao, CCCD •••')
    expect(JSON.stringify(all)).not.toMatch(/0912|345 678|gmail|079123456789|987 654/)
  })

  it('holds back what was sent today', async () => {
    const all = texts((await comments(`unit=${ids.a}`)).body.items)
    expect(all).not.toContain('Gửi hôm nay')
    const stored = await srv.hl.store.db.selectFrom('responses').select('day').where('comment', '=', 'Gửi hôm nay').execute()
    expect(stored).toEqual([{ day: today }])
    expect((await comments(`unit=${ids.a}&period=${today}..${today}`)).body.items).toEqual([])
  })

  it('filters by service, touchpoint, rating and survey', async () => {
    const bySvc = (await comments(`unit=${ids.a}&service=${ids.s2}`)).body.items as Item[]
    expect(bySvc.map((i) => i.service)).toEqual(['Khai sinh', 'Khai sinh'])
    const tpId = (await srv.hl.store.db.selectFrom('touchpoints').select('id').where('label', '=', 'Quầy 1').executeTakeFirstOrThrow()).id
    const byTp = (await comments(`unit=${ids.a}&touchpoint=${tpId}`)).body.items as Item[]
    expect(byTp.map((i) => i.touchpoint)).toEqual(['Quầy 1', 'Quầy 1'])
    const negative = (await comments(`unit=${ids.a}&rating=negative`)).body.items as Item[]
    expect(negative.map((i) => i.day)).toEqual([localDay(-1), localDay(-3), localDay(-4)])
    expect(negative.every((i) => i.negative && i.rating === 'negative')).toBe(true)
    const positive = (await comments(`unit=${ids.a}&rating=positive`)).body.items as Item[]
    expect(positive.map((i) => i.day)).toEqual([localDay(-1), localDay(-2)])
    const health = (await comments(`unit=${ids.a}&survey=health-outpatient`)).body.items as Item[]
    expect(health.map((i) => i.unit)).toEqual(['Trạm Y tế A'])
  })

  it('pages with a cursor: every comment once, in the same order', async () => {
    const whole = (await comments(`unit=${ids.p}`)).body.items as Item[]
    expect(whole).toHaveLength(6)
    const seen: Item[] = []
    let before: string | null = null
    for (let guard = 0; guard < 10; guard++) {
      const page: { items: Item[]; next: string | null } = (await comments(`unit=${ids.p}&limit=2${before ? `&before=${before}` : ''}`)).body
      seen.push(...page.items)
      before = page.next
      if (!before) break
    }
    expect(seen).toEqual(whole)
  })

  it('keeps a commune viewer inside the commune', async () => {
    const own = await call(`/api/v1/comments?from=${from}`, viewerA)
    expect(own.status).toBe(200)
    expect((own.body.items as Item[]).map((i) => i.unit).sort()).toEqual(['Trạm Y tế A', 'Xã A', 'Xã A', 'Xã A', 'Xã A'])
    expect(JSON.stringify(own.body)).not.toContain('xã B')
    for (const u of [ids.b, ids.p]) {
      const res = await comments(`unit=${u}`, viewerA)
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('forbidden')
    }
    expect((await call(`/comments?unit=${ids.b}`, viewerA)).status).toBe(403)
  })

  it('refuses bad queries with stable codes and requires a login', async () => {
    expect((await call(`/api/v1/comments?unit=${ids.a}`, null)).status).toBe(401)
    for (const q of ['rating=angry', 'limit=0', 'limit=1000', 'before=yesterday', 'service=x', 'touchpoint=-1']) {
      const res = await comments(`unit=${ids.a}&${q}`)
      expect([q, res.status, res.body.error.code]).toEqual([q, 400, 'invalid_query'])
    }
  })
})

describe('/comments page', () => {
  it('shows masked, escaped comments, labels the negative ones in words, says what is held back, and pages', async () => {
    const res = await call(`/comments?unit=${ids.a}&from=${from}&to=${today}&limit=2`, admin)
    expect(res.status).toBe(200)
    const html = res.body as string
    expect(html).toContain('Chờ quá lâu, gọi tôi •••')
    expect(html).not.toContain('0912')
    expect(html).toContain('Cán bộ nhiệt tình &lt;script>alert(1)&lt;/script>')
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toMatch(/<li class="comment negative" data-rating="negative"><p class="meta"><strong class="tone">Không hài lòng<\/strong>/)
    expect(html).toContain('chỉ hiện sau khi hết ngày')
    const older = html.match(/<a href="([^"]+)" rel="next">/)![1]!.replace(/&amp;/g, '&')
    const next = (await call(older, admin)).body as string
    expect(next).toContain('Email tôi: •••')
    expect(next).not.toContain('Chờ quá lâu')
  })
})
