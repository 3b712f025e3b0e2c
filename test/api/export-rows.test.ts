/**
 * A responses export equals the store row by row, on data made to break the
 * fast path (read-responses.ts packs each day's answers and each response's
 * context into text in SQL): decimals that need 17 digits, infinities, text
 * in a numeric item, a number in a text item, channels and languages holding
 * commas and emoji, unit names with quotes, formula-like and multi-line
 * comments, dense and scattered days, flagged responses, a subtree, a frozen
 * cut-off. The expected rows are read from the tables directly, in uid order.
 */
import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Unit } from '../../server/db/schema.ts'
import { maskPii } from '../../server/domain/mask-pii.ts'
import { allItems, type Answers } from '../../server/domain/survey-types.ts'
import { createService } from '../../server/store/services.ts'
import { createTouchpoint } from '../../server/store/touchpoints.ts'
import { createUnit } from '../../server/store/units.ts'
import { readResponseDays } from '../../server/export/read-responses.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let srv: TestServer
let admin: string
let root: Unit
let district: Unit
const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03']

const NUMBERS = [0, 1, 2, 5, 8.5, 0.1 + 0.2, 1 / 3, -2, 1e21, 1e-7, 123456789012345678, 99.99, Infinity, -Infinity]
const TEXTS = ['', 'Phòng chờ nóng', 'x,y', '"q"', '=cmd', 'a\r\nb', 'SĐT 0987654321', '😀 tốt']
const COMMENTS = [null, 'Bình thường', 'a,b', 'say "hi"', 'two\r\nlines', '=1+1', '+84 912 345 678 gọi', '@x', '\tx', 'emoji 😀', 'Gọi 0912345678 nhé', '']
const CHANNELS = ['form', 'api', 'k,i;ốsk😀', 'web']
const LANGS = ['vi', 'en', 'e,n']

beforeAll(async () => {
  srv = await startServer()
  admin = await srv.login()
  const db = srv.hl.store.db
  root = await createUnit(db, { name: 'Tỉnh "Thử", mới', type: 'province', sector: null, parentId: null, code: 'T,01' })
  district = await createUnit(db, { name: 'Huyện Hòa An', type: 'district', sector: null, parentId: root.id, code: null })
  const commune = await createUnit(db, { name: 'Xã Tân Lập', type: 'commune', sector: null, parentId: district.id, code: '=C1' })
  const other = await createUnit(db, { name: 'Huyện Khác', type: 'district', sector: null, parentId: root.id, code: 'K' })
  const service = await createService(db, { name: 'Hộ tịch, "khai sinh"', sector: 'administrative', code: null })
  const tps = {
    counter: await createTouchpoint(db, { unitId: commune.id, serviceId: service.id, surveyId: 'counter-rating', label: 'Quầy 1, tầng 2' }),
    counterOther: await createTouchpoint(db, { unitId: other.id, serviceId: null, surveyId: 'counter-rating', label: 'Quầy' }),
    outpatient: await createTouchpoint(db, { unitId: district.id, serviceId: null, surveyId: 'health-outpatient', label: 'Khoa Khám bệnh' }),
  }
  let k = 0
  const write = (tp: typeof tps.counter, day: string, answers: Answers) => {
    k++
    return srv.hl.writer.write({
      uid: randomUUID(),
      touchpointId: tp.id,
      unitId: tp.unit_id,
      serviceId: k % 4 === 0 ? null : tp.service_id,
      surveyId: tp.survey_id,
      surveyVersion: 1 + (k % 2),
      channel: CHANNELS[k % CHANNELS.length]!,
      lang: LANGS[k % LANGS.length]!,
      day,
      receivedAt: `${day}T0${k % 10}:00:00.000Z`,
      bodyHash: randomUUID(),
      comment: COMMENTS[k % COMMENTS.length]!,
      answers,
      flags: k % 9 === 0 ? ['honeypot'] : [],
    })
  }
  const counter = (i: number): Answers => (i % 7 === 0 ? {} : i % 11 === 0 ? { overall: 'text in a number item' } : { overall: NUMBERS[i % NUMBERS.length]!, ...(i % 3 ? {} : { improve: NUMBERS[(i + 5) % NUMBERS.length]! }) })
  const outpatient = (i: number): Answers => ({ A1: NUMBERS[i % NUMBERS.length]!, B2: (i % 5) + 1, G1: i % 4 ? 8.5 : 1 / 3, H1: TEXTS[i % TEXTS.length]!, ...(i % 5 ? { H2: TEXTS[(i + 3) % TEXTS.length]! } : { H2: 3 }) })
  // Day 1 dense for counter-rating (a few other responses between), day 2 scattered (mostly outpatient), day 3 mixed.
  for (let i = 0; i < 40; i++) await write(i % 8 === 7 ? tps.counterOther : tps.counter, DAYS[0]!, counter(i))
  for (let i = 0; i < 5; i++) await write(tps.outpatient, DAYS[0]!, outpatient(i))
  for (let i = 0; i < 30; i++) await write(tps.outpatient, DAYS[1]!, outpatient(i))
  for (let i = 0; i < 3; i++) await write(tps.counter, DAYS[1]!, counter(i + 40))
  for (let i = 0; i < 20; i++) await write(i % 2 ? tps.counter : tps.outpatient, DAYS[2]!, i % 2 ? counter(i + 50) : outpatient(i + 50))
  await srv.hl.writer.drain()
}, 180_000)
afterAll(() => srv.close())

/** What the file must hold, read plainly from the tables: one object per row, keyed by column, as csv-parse gives it. */
async function expected(unit: Unit, surveyId: string, opts: { all: boolean; receivedBy?: string }) {
  const db = srv.hl.store.db
  const def = srv.hl.surveys.get(surveyId)!
  let q = db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('touchpoints as t', 't.id', 'r.touchpoint_id')
    .leftJoin('services as s', 's.id', 'r.service_id')
    .select(['r.id', 'r.uid', 'r.day', 'r.unit_id', 'u.code as unit_code', 'u.name as unit_name', 't.code as tp_code', 't.label as tp_label', 'r.service_id', 's.name as service_name', 'r.channel', 'r.lang', 'r.survey_version', 'r.verified', 'r.status', 'r.comment'])
    .where('r.survey_id', '=', surveyId)
    .where('u.path', 'like', `${unit.path}%`)
    .where('r.day', '>=', DAYS[0]!)
    .where('r.day', '<=', DAYS[2]!)
  if (!opts.all) q = q.where('r.status', '=', 'ok')
  if (opts.receivedBy) q = q.where('r.received_at', '<=', opts.receivedBy)
  const rows = (await q.execute()).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.uid < b.uid ? -1 : 1))
  const answers = await db.selectFrom('answers').selectAll().where('response_id', 'in', rows.length ? rows.map((r) => r.id) : [0]).execute()
  const text = (v: string | null | undefined) => (v === null || v === undefined ? '' : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v)
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '')
  const masked = (v: unknown) => (typeof v === 'string' && v ? text(maskPii(v)) : '')
  return rows.map((r, i) => {
    const a = new Map(answers.filter((x) => x.response_id === r.id).map((x) => [x.item, x.value_num ?? x.value_text]))
    const out: Record<string, string> = {
      row: String(i + 1),
      day: r.day,
      unit_id: String(r.unit_id),
      unit_code: text(r.unit_code),
      unit_name: text(r.unit_name),
      touchpoint_code: text(r.tp_code),
      touchpoint_label: text(r.tp_label),
      service_id: r.service_id === null ? '' : String(r.service_id),
      service_name: text(r.service_name),
      channel: text(r.channel),
      lang: text(r.lang),
      survey_version: String(r.survey_version),
      verified: r.verified ? '1' : '0',
    }
    if (opts.all) out.status = r.status
    for (const item of allItems(def)) out[item.code] = item.type === 'text' ? masked(a.get(item.code)) : num(a.get(item.code))
    out.comment = masked(r.comment)
    return out
  })
}

async function exported(query: string): Promise<Record<string, string>[]> {
  const res = await fetch(`${srv.url}/api/v1/exports/responses?${query}`, { headers: { cookie: admin } })
  expect(res.status, query).toBe(200)
  return parse(Buffer.from(await res.arrayBuffer()), { bom: true, columns: true, relax_column_count: false })
}

describe('responses export, row by row against the tables', () => {
  it('counter-rating, flagged included, whole province', async () => {
    const want = await expected(root, 'counter-rating', { all: true })
    expect(want.length).toBeGreaterThan(50)
    expect(new Set(want.map((r) => r.status))).toEqual(new Set(['ok', 'flagged']))
    expect(await exported(`unit=${root.id}&from=${DAYS[0]}&to=${DAYS[2]}&survey=counter-rating&comments=1&include=all`)).toEqual(want)
  })

  it('counter-rating, counted only, one district (read by seeking its units)', async () => {
    const want = await expected(district, 'counter-rating', { all: false })
    expect(await exported(`unit=${district.id}&from=${DAYS[0]}&to=${DAYS[2]}&survey=counter-rating&comments=1`)).toEqual(want)
  })

  it('health-outpatient: texts, decimals, scattered days', async () => {
    const want = await expected(root, 'health-outpatient', { all: true })
    expect(await exported(`unit=${root.id}&from=${DAYS[0]}&to=${DAYS[2]}&survey=health-outpatient&comments=1&include=all`)).toEqual(want)
  })

  it('a frozen cut-off reads only what had arrived by then', async () => {
    const db = srv.hl.store.db
    const cut = `${DAYS[1]}T04:00:00.000Z`
    const seen: unknown[] = []
    const scope = { unitPath: root.path, surveyId: 'health-outpatient', from: DAYS[0]!, to: DAYS[2]!, all: false, receivedBy: cut }
    for await (const day of readResponseDays(db, scope, { numbers: ['G1'], texts: ['H2'], comment: true })) {
      day.keys.forEach((_, i) => seen.push([day.day, day.numbers.get('G1')![i], day.texts.get('H2')![i], day.comments![i]]))
    }
    const rows = await db
      .selectFrom('responses as r')
      .select(['r.id', 'r.day', 'r.uid', 'r.comment'])
      .where('r.survey_id', '=', 'health-outpatient')
      .where('r.status', '=', 'ok')
      .where('r.received_at', '<=', cut)
      .execute()
    rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.uid < b.uid ? -1 : 1))
    const answers = await db.selectFrom('answers').selectAll().where('item', 'in', ['G1', 'H2']).execute()
    const answer = (id: number, item: string) => answers.find((a) => a.response_id === id && a.item === item)
    expect(rows.length).toBeGreaterThan(5)
    expect(seen).toEqual(rows.map((r) => [r.day, answer(r.id, 'G1')?.value_num ?? null, answer(r.id, 'H2')?.value_num === null ? answer(r.id, 'H2')!.value_text : null, r.comment]))
  })

  it('the Ministry of Health layout carries the same answers', async () => {
    const want = await expected(root, 'health-outpatient', { all: false })
    const rows = await exported(`unit=${root.id}&from=${DAYS[0]}&to=${DAYS[2]}&survey=health-outpatient&comments=1&layout=moh`)
    expect(rows.map((r) => [r.MA_SO_PHIEU, r.NGAY_DIEN_PHIEU, r.TEN_BENH_VIEN, r.A1, r.B2, r.G1, r.G3, r.G4])).toEqual(
      want.map((r) => [r.row, `${r.day!.slice(8)}/${r.day!.slice(5, 7)}/${r.day!.slice(0, 4)}`, r.unit_name, r.A1, r.B2, r.G1, r.H1, r.H2]),
    )
  })
})
