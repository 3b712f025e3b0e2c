/**
 * Reads the responses of one instrument in a subtree and period, a day at a
 * time: each query is short (on SQLite it holds the one connection for one
 * day's rows, so submissions go on during an export), memory holds one day,
 * and within the day rows follow the response's random uid, so the order
 * never tells who came first.
 *
 * Built for a million rows (issue #6). The drivers' cost is per row and per
 * value they hand over, far more than the database's own work, so a day is
 * read in few, narrow results:
 * - the responses, one row each: id and one text key for everything that
 *   repeats from response to response (unit, touchpoint, service, channel,
 *   language, version, verified, status); the comment only when asked for;
 * - the numeric answers of the day as ONE text ("id,item,value;…"), numbers
 *   written by the database (round-trip exact on SQLite ≥ 3.43 and
 *   PostgreSQL ≥ 12) and read back with Number();
 * - text answers, only when asked for, as rows (few, and free text).
 * The same SQL runs on SQLite and PostgreSQL (format and string_agg are in both).
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { addDays } from '../domain/local-day.ts'
import { subtreeShare } from '../store/units.ts'

/** What one response shares with many others; equal context keys mean equal contexts. */
export interface ResponseContext {
  unit_id: number
  touchpoint_id: number
  service_id: number | null
  channel: string
  lang: string
  status: string
  /** 1: made through a one-time ticket. */
  verified: number
  survey_version: number
}

/** One day's responses, in uid order, column by column. */
export interface ResponseDay {
  day: string
  /** Each response's context key (contextOf decodes it). */
  keys: string[]
  /** By item code: each response's numeric answer, null when none. */
  numbers: Map<string, (number | null)[]>
  /** By item code: each response's text answer, null when none. */
  texts: Map<string, (string | null)[]>
  /** Each response's comment, when comments were read. */
  comments: (string | null)[] | null
}

export interface ResponseScope {
  unitPath: string
  surveyId: string
  from: string
  to: string
  /** Count flagged responses too (status column tells them apart). */
  all: boolean
  /** A frozen period: only what had arrived by its approval. */
  receivedBy: string | null
  /** Only responses made through a one-time ticket. */
  verifiedOnly?: boolean
}

/** What to read beyond the context: answers by item, as numbers or as texts, and the comment. */
export interface ResponseFields {
  numbers: readonly string[]
  texts: readonly string[]
  comment: boolean
}

/** Past this many ids between a day's first and last response, its answers are read through the day's ids rather than one id range. */
const SPARSE = 4

/**
 * Up to this share of all units, a subtree is read by seeking each of its
 * units and the day in the (unit, day, …) index; a larger one by reading the
 * instrument's day in the (survey, day) index and checking each row's unit.
 * SQLite plans the filter as it is written; on the 1M-response store seeking
 * reads a district's 128 units 30% faster, and the province's 2,591 units 65%
 * slower.
 */
const SEEK_SHARE = 1 / 4

// Numbers first, then the lengths of the two texts that precede the last one, so any text decodes back exactly.
const CONTEXT_KEY = sql<string>`format('%s,%s,%s,%s,%s,%s,%s,%s%s%s', r.unit_id, r.touchpoint_id, r.service_id, r.survey_version, r.verified, length(r.channel), length(r.lang), r.channel, r.lang, r.status)`

/** Decodes a context key (SQL lengths count code points, as Array.from does). */
export function contextOf(key: string): ResponseContext {
  const f: string[] = []
  let at = 0
  for (let i = 0; i < 7; i++) {
    const comma = key.indexOf(',', at)
    f.push(key.slice(at, comma))
    at = comma + 1
  }
  const rest = Array.from(key.slice(at))
  const [channelLength, langLength] = [Number(f[5]), Number(f[6])]
  return {
    unit_id: Number(f[0]),
    touchpoint_id: Number(f[1]),
    service_id: f[2] === '' ? null : Number(f[2]),
    survey_version: Number(f[3]),
    verified: Number(f[4]),
    channel: rest.slice(0, channelLength).join(''),
    lang: rest.slice(channelLength, channelLength + langLength).join(''),
    status: rest.slice(channelLength + langLength).join(''),
  }
}

/** The responses of one day in scope; `seekUnits` (see SEEK_SHARE) decides which index finds them. */
export function responsesOfDay(db: Kysely<Database>, scope: ResponseScope, seekUnits: boolean, day: string) {
  const inSubtree = `${scope.unitPath}%`
  return (
    db
      .selectFrom('responses as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      // Seeking, the instrument is checked on each row (an expression, not the column): SQLite would otherwise rank (survey, day) as good as (unit, day).
      .$if(seekUnits, (qb) => qb.where(sql`${sql.ref('r.survey_id')} || ''`, '=', scope.surveyId).where('r.unit_id', 'in', (eb) => eb.selectFrom('units').select('id').where('path', 'like', inSubtree)))
      .$if(!seekUnits, (qb) => qb.where('r.survey_id', '=', scope.surveyId))
      .where('r.day', '=', day)
      .where('u.path', 'like', inSubtree)
      .$if(!scope.all, (qb) => qb.where('r.status', '=', 'ok'))
      // A literal, so the partial index responses_verified can serve it.
      .$if(!!scope.verifiedOnly, (qb) => qb.where(sql<boolean>`r.verified = 1`))
      .$if(scope.receivedBy !== null, (qb) => qb.where('r.received_at', '<=', scope.receivedBy!))
  )
}

export async function* readResponseDays(db: Kysely<Database>, scope: ResponseScope, fields: ResponseFields): AsyncGenerator<ResponseDay> {
  const seekUnits = (await subtreeShare(db, scope.unitPath)) <= SEEK_SHARE
  const ofDay = (day: string) => responsesOfDay(db, scope, seekUnits, day)

  for (let day = scope.from; day <= scope.to; day = addDays(day, 1)) {
    // uids are canonical lower-case UUIDs (submit-response.ts): they sort alike in SQLite, in JavaScript and under
    // PostgreSQL's C, ICU and glibc collations.
    const rows = await ofDay(day)
      .select(['r.id', CONTEXT_KEY.as('ctx')])
      .$if(fields.comment, (qb) => qb.select('r.comment'))
      .orderBy('r.uid')
      .execute()
    if (!rows.length) continue
    const n = rows.length
    const keys = new Array<string>(n)
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < n; i++) {
      const { id, ctx } = rows[i]!
      keys[i] = ctx
      if (id < lo) lo = id
      if (id > hi) hi = id
    }
    // A day's responses sit together in the table: one range of the answers' key reads them in order (answers of
    // other responses in the range, of other instruments, units or flagged, are skipped by id); a scattered day by its ids.
    const dense = hi - lo + 1 <= SPARSE * n
    const position = dense ? positionsInRange(rows, lo, hi) : positionsByMap(rows)
    const numbers = new Map(fields.numbers.map((code) => [code, new Array<number | null>(n).fill(null)]))
    if (fields.numbers.length) {
      // By ids, every number of the response is wanted: a filter on items would make SQLite seek each (id, item).
      const packed = await db
        .selectFrom('answers as a')
        .select(sql<string | null>`string_agg(a.response_id || ',' || a.item || ',' || cast(a.value_num as text), ';')`.as('s'))
        .$if(dense, (qb) => qb.where('a.response_id', '>=', lo).where('a.response_id', '<=', hi).where('a.item', 'in', fields.numbers))
        .$if(!dense, (qb) => qb.where('a.response_id', 'in', ofDay(day).select('r.id')))
        .where('a.value_num', 'is not', null)
        .executeTakeFirst()
      if (packed?.s) readPacked(packed.s, position, numbers)
    }
    const texts = new Map(fields.texts.map((code) => [code, new Array<string | null>(n).fill(null)]))
    if (fields.texts.length) {
      const found = await db
        .selectFrom('answers as a')
        .select(['a.response_id', 'a.item', 'a.value_text'])
        .$if(dense, (qb) => qb.where('a.response_id', '>=', lo).where('a.response_id', '<=', hi))
        .$if(!dense, (qb) => qb.where('a.response_id', 'in', ofDay(day).select('r.id')))
        .where('a.item', 'in', fields.texts)
        .where('a.value_num', 'is', null)
        .where('a.value_text', 'is not', null)
        .execute()
      for (const a of found) {
        const i = position(a.response_id)
        if (i >= 0) texts.get(a.item)![i] = a.value_text
      }
    }
    yield { day, keys, numbers, texts, comments: fields.comment ? rows.map((r) => r.comment ?? null) : null }
  }
}

/** Response id → position in the day (−1: not one of the day's), through an array over the ids' range. */
function positionsInRange(rows: readonly { id: number }[], lo: number, hi: number): (id: number) => number {
  const at = new Int32Array(hi - lo + 1).fill(-1)
  rows.forEach((r, i) => (at[r.id - lo] = i))
  return (id) => (id >= lo && id <= hi ? at[id - lo]! : -1)
}

function positionsByMap(rows: readonly { id: number }[]): (id: number) => number {
  const at = new Map(rows.map((r, i) => [r.id, i]))
  return (id) => at.get(id) ?? -1
}

/** "id,item,value;…" into the day's columns (other items skipped); item codes are letters, digits and _ (survey-schema.ts). */
function readPacked(s: string, position: (id: number) => number, numbers: Map<string, (number | null)[]>): void {
  const end = s.length
  let at = 0
  while (at < end) {
    let id = 0
    for (let c = s.charCodeAt(at++); c !== 44; c = s.charCodeAt(at++)) id = id * 10 + c - 48
    const comma = s.indexOf(',', at)
    let stop = s.indexOf(';', comma)
    if (stop < 0) stop = end
    const i = position(id)
    const column = i >= 0 ? numbers.get(s.slice(at, comma)) : undefined
    if (column) column[i] = Number(s.slice(comma + 1, stop))
    at = stop + 1
  }
}
