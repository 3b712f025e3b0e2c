/**
 * Reads the responses of one instrument in a subtree and period, a day at a
 * time: each query is short (on SQLite it holds the one connection for one
 * day's rows, so submissions go on during an export), memory holds one day,
 * and within the day rows follow the response's random uid, so the order
 * never tells who came first.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { addDays } from '../domain/local-day.ts'

export interface ResponseRecord {
  uid: string
  day: string
  unit_id: number
  touchpoint_id: number
  service_id: number | null
  channel: string
  lang: string
  status: string
  /** 1: made through a one-time ticket. */
  verified: number
  survey_version: number
  comment: string | null
  /** By item code: the number, or the text for text items. */
  answers: Record<string, number | string>
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

/** Past this many ids between a day's first and last response, its answers are read by id lists rather than one id range. */
const SPARSE = 4

export async function* readResponses(db: Kysely<Database>, scope: ResponseScope): AsyncGenerator<ResponseRecord> {
  for (let day = scope.from; day <= scope.to; day = addDays(day, 1)) {
    const rows = await db
      .selectFrom('responses as r')
      .select(['r.id', 'r.uid', 'r.day', 'r.unit_id', 'r.touchpoint_id', 'r.service_id', 'r.channel', 'r.lang', 'r.status', 'r.verified', 'r.survey_version', 'r.comment'])
      .where('r.survey_id', '=', scope.surveyId)
      .where('r.day', '=', day)
      .where('r.unit_id', 'in', (eb) => eb.selectFrom('units').select('id').where('path', 'like', `${scope.unitPath}%`))
      .$if(!scope.all, (qb) => qb.where('r.status', '=', 'ok'))
      // A literal, so the partial index responses_verified can serve it.
      .$if(!!scope.verifiedOnly, (qb) => qb.where(sql<boolean>`r.verified = 1`))
      .$if(scope.receivedBy !== null, (qb) => qb.where('r.received_at', '<=', scope.receivedBy!))
      .execute()
    if (!rows.length) continue
    const answers = new Map<number, Record<string, number | string>>()
    let lo = Infinity
    let hi = -Infinity
    for (const r of rows) {
      answers.set(r.id, {})
      if (r.id < lo) lo = r.id
      if (r.id > hi) hi = r.id
    }
    // A day's responses sit together in the table: one range of the answers' key reads them in order.
    const ranges = hi - lo + 1 <= SPARSE * rows.length ? [db.selectFrom('answers').where('response_id', '>=', lo).where('response_id', '<=', hi)] : chunks(rows.map((r) => r.id), 1000).map((ids) => db.selectFrom('answers').where('response_id', 'in', ids))
    for (const q of ranges) {
      for (const a of await q.select(['response_id', 'item', 'value_num', 'value_text']).execute()) {
        const m = answers.get(a.response_id)
        const v = a.value_num ?? a.value_text
        if (m && v !== null) m[a.item] = v
      }
    }
    rows.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0))
    for (const { id, ...r } of rows) yield { ...r, answers: answers.get(id)! }
  }
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}
