/**
 * The comments of a subtree and period, newest day first, a page at a time:
 * each response's free comment and its answers to free-text items, with its
 * rating (comment-tone.ts) and every text masked (mask-pii.ts) before it
 * leaves this module. Within a day the order follows the response's random
 * id, not its arrival, so the list never tells who came when.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { maskPii } from '../domain/mask-pii.ts'
import { toneOf, type Tone } from '../domain/comment-tone.ts'
import { allItems, local, type Answers } from '../domain/survey-types.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { subtreeShare } from './units.ts'

export interface CommentCursor {
  day: string
  uid: string
}

export interface CommentQuery {
  unitPath: string
  from: string
  /** Last day shown: the caller holds back the current day. */
  to: string
  surveyId: string | null
  serviceId: number | null
  touchpointId: number | null
  rating: Tone | null
  before: CommentCursor | null
  limit: number
  lang: string
}

export interface CommentText {
  /** The item code, or "comment" for the free comment at the end of the form. */
  item: string
  /** The question, for text items; null for the free comment. */
  label: string | null
  text: string
}

export interface CommentItem {
  /** The local day only, never a time. */
  day: string
  unit: string
  service: string | null
  touchpoint: string
  survey: { id: string; title: string }
  rating: Tone | null
  negative: boolean
  texts: CommentText[]
}

export interface CommentPage {
  items: CommentItem[]
  /** Pass as `before` for the next (older) page; null at the end. */
  next: CommentCursor | null
}

const BATCH = 200
/** A narrow rating filter may scan this many batches for one page; the page then ends early with a cursor. */
const MAX_BATCHES = 10

export async function listComments(db: Kysely<Database>, surveys: SurveyCatalogue, q: CommentQuery): Promise<CommentPage> {
  const items: CommentItem[] = []
  let before = q.before
  const seekUnits = (await subtreeShare(db, q.unitPath)) <= SEEK_SHARE
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const rows = await commentedResponses(db, q, before, seekUnits).execute()
    const answers = await answersOf(db, rows.map((r) => r.id))
    for (const r of rows) {
      before = { day: r.day, uid: r.uid }
      const def = surveys.get(r.survey_id)
      const mine = answers.get(r.id) ?? {}
      const rating = def ? toneOf(def, mine) : null
      if (q.rating && rating !== q.rating) continue
      const texts: CommentText[] = []
      if (def) {
        for (const item of allItems(def)) {
          const v = mine[item.code]
          if (item.type === 'text' && typeof v === 'string' && v) texts.push({ item: item.code, label: local(item.text, q.lang), text: maskPii(v) })
        }
      }
      if (r.comment) texts.push({ item: 'comment', label: null, text: maskPii(r.comment) })
      if (!texts.length) continue
      items.push({
        day: r.day,
        unit: r.unit_name,
        service: r.service_name,
        touchpoint: r.touchpoint_label,
        survey: { id: r.survey_id, title: def ? local(def.title, q.lang) : r.survey_id },
        rating,
        negative: rating === 'negative',
        texts,
      })
      if (items.length === q.limit) return { items, next: before }
    }
    if (rows.length < BATCH) return { items, next: null }
  }
  return { items, next: before }
}

/**
 * Up to this share of all units, the subtree's units are sought one by one in
 * the (unit, day, …) index and their commented responses sorted; a larger
 * subtree is read newest day first until a page is full. On the
 * 10M-response store a commune's comments took 650 ms the second way and
 * 40 ms the first; a district's (4% of units) 90 ms and 750 ms.
 */
const SEEK_SHARE = 1 / 100

/** A batch of responses with a comment or a text answer, newest day first (exported for its query plan's test). */
export function commentedResponses(db: Kysely<Database>, q: CommentQuery, before: CommentCursor | null, seekUnits: boolean) {
  let query = db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('touchpoints as t', 't.id', 'r.touchpoint_id')
    .leftJoin('services as s', 's.id', 'r.service_id')
    .select(['r.id', 'r.uid', 'r.day', 'r.survey_id', 'r.comment', 'u.name as unit_name', 's.name as service_name', 't.label as touchpoint_label'])
    .where('u.path', 'like', `${q.unitPath}%`)
    .$if(seekUnits, (qb) => qb.where('r.unit_id', 'in', (eb) => eb.selectFrom('units').select('id').where('path', 'like', `${q.unitPath}%`)))
    .where('r.day', '>=', q.from)
    .where('r.day', '<=', q.to)
    .where('r.status', '=', 'ok')
    .where((eb) =>
      eb.or([
        eb('r.comment', 'is not', null),
        eb.exists(eb.selectFrom('answers as a').select('a.item').whereRef('a.response_id', '=', 'r.id').where('a.value_text', 'is not', null)),
      ]),
    )
  if (q.surveyId) query = query.where('r.survey_id', '=', q.surveyId)
  if (q.serviceId !== null) query = query.where('r.service_id', '=', q.serviceId)
  if (q.touchpointId !== null) query = query.where('r.touchpoint_id', '=', q.touchpointId)
  if (before) query = query.where((eb) => eb.or([eb('r.day', '<', before.day), eb.and([eb('r.day', '=', before.day), eb('r.uid', '<', before.uid)])]))
  return query.orderBy('r.day', 'desc').orderBy('r.uid', 'desc').limit(BATCH)
}

async function answersOf(db: Kysely<Database>, ids: number[]): Promise<Map<number, Answers>> {
  const out = new Map<number, Answers>()
  if (!ids.length) return out
  const rows = await db.selectFrom('answers').select(['response_id', 'item', 'value_num', 'value_text']).where('response_id', 'in', ids).execute()
  for (const a of rows) {
    let answers = out.get(a.response_id)
    if (!answers) out.set(a.response_id, (answers = {}))
    const v = a.value_num ?? a.value_text
    if (v !== null) answers[a.item] = v
  }
  return out
}

export const encodeCursor = (c: CommentCursor) => `${c.day}_${c.uid}`

/** A cursor from the address, or null when malformed. */
export function decodeCursor(raw: string): CommentCursor | null {
  const m = /^(\d{4}-\d{2}-\d{2})_([0-9a-fA-F-]{1,64})$/.exec(raw)
  return m ? { day: m[1]!, uid: m[2]! } : null
}
