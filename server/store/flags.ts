/**
 * Flagged responses in the store: the window of recent responses the flag
 * rules read while a batch is written (domain/flag-rules.ts), taking a
 * counted response back out of the rollups when a burst reveals it, the
 * administrators' list, and their review. Every change of status moves the
 * rollups in the same transaction, so the figures never disagree with the
 * responses they count.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { DialectName } from '../db/dialect.ts'
import { decodeFlags, judge, type Arrival, type FlagRule, type Judgement, type Seen, type VolumeRules } from '../domain/flag-rules.ts'
import { localDay } from '../domain/local-day.ts'
import type { Answers } from '../domain/survey-types.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { nowIso } from './clock.ts'
import { addToRollups, Buckets, type RollupInput } from './rollups.ts'
import { padded, runShaped } from './shaped-query.ts'

/**
 * The responses of the batch's touchpoints in the rules' window, kept up to
 * date as the batch is judged. On PostgreSQL with several server processes,
 * batches committing at the same moment do not see each other: a burst split
 * across processes is caught a batch later, when the next one arrives.
 */
export class FlagWindow {
  private constructor(
    private readonly volume: VolumeRules,
    private readonly byTouchpoint: Map<number, Seen[]>,
  ) {}

  static async load(trx: Transaction<Database>, dialect: DialectName, volume: VolumeRules, batch: WindowBatch): Promise<FlagWindow> {
    const byTouchpoint = new Map<number, Seen[]>()
    if (batch.length) {
      const { day, since, units, touchpoints } = windowBounds(volume, batch)
      const [u, t] = [padded(units), padded(touchpoints)]
      const rows = await runShaped(trx, dialect, `flag window, ${u.length} units`, [day, since, ...u, ...t], ([d, s, ...ids]) =>
        windowQuery(trx, { day: d as string, since: s as string, units: ids.slice(0, u.length) as number[], touchpoints: ids.slice(u.length) as number[] }),
      )
      for (const r of rows) {
        const list = byTouchpoint.get(r.touchpoint_id) ?? []
        list.push({ id: r.id, clientKey: r.client_key, answersHash: r.answers_hash, receivedAt: r.received_at, counted: r.status === 'ok', reviewed: r.reviewed_at !== null })
        byTouchpoint.set(r.touchpoint_id, list)
      }
    }
    return new FlagWindow(volume, byTouchpoint)
  }

  judge(touchpointId: number, arrival: Arrival): Judgement {
    return judge(arrival, this.byTouchpoint.get(touchpointId) ?? [], this.volume)
  }

  /** A response just stored, seen by the arrivals after it. */
  add(touchpointId: number, seen: Seen): void {
    const list = this.byTouchpoint.get(touchpointId) ?? []
    list.push(seen)
    this.byTouchpoint.set(touchpointId, list)
  }

  uncount(touchpointId: number, ids: number[]): void {
    for (const s of this.byTouchpoint.get(touchpointId) ?? []) if (ids.includes(s.id)) s.counted = false
  }
}

type WindowBatch = { touchpointId: number; unitId: number; receivedAt: string }[]

/**
 * The stored responses of a batch's touchpoints within the rules' window,
 * found through (unit_id, day, touchpoint_id, received_at): a response's day
 * is the local day of its received_at.
 */
export function windowQuery(db: Kysely<Database>, w: WindowBounds) {
  return db
    .selectFrom('responses')
    .select(['id', 'touchpoint_id', 'client_key', 'answers_hash', 'received_at', 'status', 'reviewed_at'])
    .where('unit_id', 'in', w.units)
    .where('day', '>=', w.day)
    .where('touchpoint_id', 'in', w.touchpoints)
    .where('received_at', '>=', w.since)
}

export interface WindowBounds {
  units: number[]
  touchpoints: number[]
  /** The local day and the instant the window starts. */
  day: string
  since: string
}

/** The rules' window for a batch: its units and touchpoints, from the longest rule's span before its first arrival. */
export function windowBounds(volume: VolumeRules, batch: WindowBatch): WindowBounds {
  const first = batch.reduce((m, r) => (r.receivedAt < m ? r.receivedAt : m), batch[0]!.receivedAt)
  const since = new Date(Date.parse(first) - Math.max(volume.burstMinutes, volume.duplicateMinutes) * 60_000)
  return { units: [...new Set(batch.map((r) => r.unitId))], touchpoints: [...new Set(batch.map((r) => r.touchpointId))], day: localDay(since), since: since.toISOString() }
}

/** Flags counted responses after the fact (the start of a burst). The caller takes them out of the rollups. */
export async function flagCounted(trx: Transaction<Database>, ids: number[], rule: FlagRule): Promise<void> {
  if (ids.length) await trx.updateTable('responses').set({ status: 'flagged', flags: rule }).where('id', 'in', ids).where('status', '=', 'ok').execute()
}

/** What the rollups need of stored responses: their keys and numeric answers. */
export async function rollupInputs(trx: Kysely<Database>, ids: number[]): Promise<RollupInput[]> {
  if (!ids.length) return []
  const rows = await trx
    .selectFrom('responses as r')
    .leftJoin('answers as a', (j) => j.onRef('a.response_id', '=', 'r.id').on('a.value_num', 'is not', null))
    .select(['r.id', 'r.survey_id', 'r.day', 'r.touchpoint_id', 'r.unit_id', 'r.service_id', 'a.item', 'a.value_num'])
    .where('r.id', 'in', ids)
    .execute()
  const out = new Map<number, RollupInput>()
  for (const row of rows) {
    let r = out.get(row.id)
    if (!r) out.set(row.id, (r = { surveyId: row.survey_id, day: row.day, touchpointId: row.touchpoint_id, unitId: row.unit_id, serviceId: row.service_id, answers: {} as Answers }))
    if (row.item !== null) r.answers[row.item] = row.value_num!
  }
  return [...out.values()]
}

export interface FlaggedQuery {
  unitPath: string
  from: string
  to: string
  state: 'pending' | 'reviewed' | 'all'
  limit: number
}

export interface FlaggedItem {
  id: number
  day: string
  received_at: string
  unit: string
  touchpoint: string
  survey_id: string
  flags: FlagRule[]
  /** ok: reviewed as genuine and counted again; flagged: left out. */
  status: 'ok' | 'flagged'
  /** The first characters of the client's keyed hash of the day: which flagged responses came from one client. */
  client: string | null
  answers: Answers
  comment: string | null
  reviewed_by: string | null
  reviewed_at: string | null
}

/** Responses any rule flagged in a subtree and period, newest first. */
export async function listFlagged(db: Kysely<Database>, q: FlaggedQuery): Promise<FlaggedItem[]> {
  let query = db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('touchpoints as t', 't.id', 'r.touchpoint_id')
    .leftJoin('users as w', 'w.id', 'r.reviewed_by')
    .select(['r.id', 'r.day', 'r.received_at', 'r.survey_id', 'r.flags', 'r.status', 'r.client_key', 'r.comment', 'r.reviewed_at', 'u.name as unit', 't.label as touchpoint', 'w.username as reviewer'])
    .where('r.flags', 'is not', null)
    .where('u.path', 'like', `${q.unitPath}%`)
    .where('r.day', '>=', q.from)
    .where('r.day', '<=', q.to)
  if (q.state === 'pending') query = query.where('r.reviewed_at', 'is', null)
  if (q.state === 'reviewed') query = query.where('r.reviewed_at', 'is not', null)
  const rows = await query.orderBy('r.received_at', 'desc').orderBy('r.id', 'desc').limit(q.limit).execute()
  const answers = new Map<number, Answers>()
  if (rows.length) {
    const all = await db.selectFrom('answers').select(['response_id', 'item', 'value_num', 'value_text']).where('response_id', 'in', rows.map((r) => r.id)).execute()
    for (const a of all) {
      const v = a.value_num ?? a.value_text
      if (v === null) continue
      const m = answers.get(a.response_id) ?? {}
      m[a.item] = v
      answers.set(a.response_id, m)
    }
  }
  return rows.map((r) => ({
    id: r.id,
    day: r.day,
    received_at: r.received_at,
    unit: r.unit,
    touchpoint: r.touchpoint,
    survey_id: r.survey_id,
    flags: decodeFlags(r.flags),
    status: r.status === 'ok' ? 'ok' : 'flagged',
    client: r.client_key ? r.client_key.slice(0, 6) : null,
    answers: answers.get(r.id) ?? {},
    comment: r.comment,
    reviewed_by: r.reviewer,
    reviewed_at: r.reviewed_at,
  }))
}

/** Responses left out of the figures of one instrument in a subtree and period. */
export async function countExcluded(db: Kysely<Database>, surveyId: string, scope: { unitPath: string; from: string; to: string }): Promise<number> {
  const row = await db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    // Literal, not bound: the partial index responses_not_ok is used only for this exact condition.
    .where(sql<boolean>`r.status <> 'ok'`)
    .where('r.day', '>=', scope.from)
    .where('r.day', '<=', scope.to)
    .where('r.survey_id', '=', surveyId)
    .where('u.path', 'like', `${scope.unitPath}%`)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export type ReviewVerdict = 'genuine' | 'excluded'

export interface FlaggedResponse {
  id: number
  unit_path: string
}

/** The flagged (or once flagged) response with this id, with its unit's path for the access check. */
export function findFlagged(db: Kysely<Database>, id: number): Promise<FlaggedResponse | undefined> {
  return db.selectFrom('responses as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'u.path as unit_path']).where('r.id', '=', id).where('r.flags', 'is not', null).executeTakeFirst()
}

/**
 * An administrator's verdict: genuine counts the response again (its tally
 * goes back into the rollups), excluded leaves it out (taking it back out if
 * it had been counted). Either way the reviewer and time are kept, and the
 * rules never touch it again.
 */
export async function reviewFlagged(
  trx: Transaction<Database>,
  ctx: { dialect: DialectName; surveys: SurveyCatalogue },
  id: number,
  verdict: ReviewVerdict,
  reviewerId: number,
): Promise<'ok' | 'flagged'> {
  // Locks the row on PostgreSQL: two reviews of one response never both move the rollups.
  const base = trx.selectFrom('responses').select(['status']).where('id', '=', id)
  const row = await (ctx.dialect === 'postgres' ? base.forUpdate() : base).executeTakeFirstOrThrow()
  const status = verdict === 'genuine' ? 'ok' : 'flagged'
  await trx.updateTable('responses').set({ status, reviewed_by: reviewerId, reviewed_at: nowIso() }).where('id', '=', id).execute()
  if (row.status !== status) {
    const buckets = new Buckets(ctx.surveys)
    for (const r of await rollupInputs(trx, [id])) buckets.add(r, status === 'ok' ? 1 : -1)
    await addToRollups(trx, ctx.dialect, ctx.surveys, buckets.sorted())
  }
  return status
}
