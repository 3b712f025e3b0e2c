/**
 * The write path of a citizen's response, with group commit.
 *
 * Durability is not negotiable (synchronous=FULL: every 201 is on disk), so
 * throughput comes from committing many concurrent submissions in one
 * transaction: one fsync for the batch instead of one per response. The
 * client's id is unique, so a replay is recognised inside the same
 * transaction and never counted twice. The flag rules (domain/flag-rules.ts)
 * judge each response in the same transaction, against the touchpoint's
 * last minutes: a flagged response is stored but never added to the rollups.
 */
import type { Transaction } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import { answerSetHash, encodeFlags, type FlagRule, type VolumeRules } from '../domain/flag-rules.ts'
import type { Answers } from '../domain/survey-types.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { FlagWindow, flagCounted, rollupInputs } from './flags.ts'
import { addToRollups, Buckets } from './rollups.ts'
import { paddedSlices, runShaped, sizedRuns } from './shaped-query.ts'
import { useTicket } from './tickets.ts'
import { enqueueResponseEvents } from './webhooks.ts'

export interface ResponseRecord {
  uid: string
  touchpointId: number
  unitId: number
  serviceId: number | null
  surveyId: string
  surveyVersion: number
  channel: string
  lang: string
  day: string
  receivedAt: string
  bodyHash: string
  comment: string | null
  answers: Answers
  /** Keyed hash of the client under the day's key, for the burst rule; null or absent when unknown (imports, the demo). */
  clientKey?: string | null
  /** Rules the submission itself broke (honeypot, off_hours). */
  flags?: FlagRule[]
  /** The touchpoint has its own rate limit: a shared tablet, where the burst rule does not apply. */
  sharedDevice?: boolean
  /** The one-time ticket answered (store/tickets.ts): taken in the same transaction, and the response is verified. */
  ticketId?: number | null
}

export type RecordOutcome = { status: 'created'; id: number } | { status: 'replayed'; id: number } | { status: 'conflict' }

/** Rows per INSERT, at most: well under SQLite's 32,766 bound parameters for the widest table. Statement sizes (shaped-query.ts). */
const RESPONSE_ROWS = 256
const ANSWER_ROWS = 1024

function responseRow(rec: ResponseRecord, flags: readonly FlagRule[], answersHash: string) {
  return {
    uid: rec.uid,
    touchpoint_id: rec.touchpointId,
    unit_id: rec.unitId,
    service_id: rec.serviceId,
    survey_id: rec.surveyId,
    survey_version: rec.surveyVersion,
    channel: rec.channel,
    lang: rec.lang,
    day: rec.day,
    received_at: rec.receivedAt,
    body_hash: rec.bodyHash,
    comment: rec.comment,
    status: flags.length ? 'flagged' : 'ok',
    flags: encodeFlags(flags),
    client_key: rec.clientKey ?? null,
    answers_hash: answersHash,
    verified: rec.ticketId ? 1 : 0,
  }
}

const answerRows = (responseId: number, answers: Answers) =>
  Object.entries(answers).map(([item, v]) => ({ response_id: responseId, item, value_num: typeof v === 'number' ? v : null, value_text: typeof v === 'string' ? v : null }))

/** Inserts one response and its answers inside the caller's transaction; flagged when any rule is given. */
export async function insertResponse(trx: Transaction<Database>, dialect: DialectName, rec: ResponseRecord, flags: readonly FlagRule[] = rec.flags ?? [], answersHash = answerSetHash(rec.answers)): Promise<RecordOutcome> {
  const [outcome] = await insertMany(trx, dialect, [{ rec, flags, answersHash }])
  return outcome!
}

interface Judged {
  rec: ResponseRecord
  flags: readonly FlagRule[]
  answersHash: string
}

/**
 * Inserts responses with a few multi-row statements instead of two per
 * response: the write path's cost is per statement far more than per row.
 * Rows go in in id order, so two server processes inserting overlapping
 * batches on PostgreSQL take their locks in the same order and never
 * deadlock. An id already stored (or stored by another process meanwhile)
 * comes back as a replay or a conflict.
 */
async function insertMany(trx: Transaction<Database>, dialect: DialectName, items: Judged[]): Promise<RecordOutcome[]> {
  const sorted = [...items].sort((a, b) => (a.rec.uid < b.rec.uid ? -1 : 1))
  const ids = new Map<string, number>()
  // Padded with copies of the last row: its uid conflicts, so they are skipped.
  for (const slice of paddedSlices(sorted.map((j) => responseRow(j.rec, j.flags, j.answersHash)), RESPONSE_ROWS)) {
    const rows = await runShaped(trx, dialect, 'insert responses', slice, (values) =>
      trx
        .insertInto('responses')
        .values(values)
        .onConflict((oc) => oc.column('uid').doNothing())
        .returning(['id', 'uid']),
    )
    for (const r of rows) ids.set(r.uid, r.id)
  }
  const answers = items.flatMap((j) => (ids.has(j.rec.uid) ? answerRows(ids.get(j.rec.uid)!, j.rec.answers) : []))
  for (const run of sizedRuns(answers, ANSWER_ROWS)) await runShaped(trx, dialect, 'insert answers', run, (values) => trx.insertInto('answers').values(values))
  const missing = items.filter((j) => !ids.has(j.rec.uid)).map((j) => j.rec.uid)
  const stored = missing.length ? await storedByUid(trx, dialect, missing) : new Map<string, { id: number; body_hash: string }>()
  return items.map(({ rec }) => {
    const id = ids.get(rec.uid)
    if (id !== undefined) return { status: 'created', id }
    const known = stored.get(rec.uid)!
    return known.body_hash === rec.bodyHash ? { status: 'replayed', id: known.id } : { status: 'conflict' }
  })
}

async function storedByUid(trx: Transaction<Database>, dialect: DialectName, uids: string[]): Promise<Map<string, { id: number; body_hash: string }>> {
  const out = new Map<string, { id: number; body_hash: string }>()
  for (const slice of paddedSlices(uids, RESPONSE_ROWS)) {
    const rows = await runShaped(trx, dialect, 'responses by uid', slice, (values) => trx.selectFrom('responses').select(['id', 'uid', 'body_hash']).where('uid', 'in', values))
    for (const r of rows) out.set(r.uid, r)
  }
  return out
}

export interface RecordContext {
  dialect: DialectName
  surveys: SurveyCatalogue
  /** The burst and duplicate rules; null or absent: off (the demo, load tests with HAILONG_RATE_LIMIT=0). */
  volume?: VolumeRules | null
}

/**
 * Stores responses and adds the counted ones to the rollups, all inside the
 * caller's transaction. A burst found here also flags its earlier responses
 * and takes those already counted back out of the rollups.
 */
export async function recordResponses(trx: Transaction<Database>, ctx: RecordContext, recs: ResponseRecord[]): Promise<RecordOutcome[]> {
  // Ids already stored are replays or conflicts; an id twice in this batch is the same submission sent twice.
  const stored = await storedByUid(trx, ctx.dialect, recs.map((r) => r.uid))
  const firstAt = new Map<string, number>()
  const fresh: number[] = []
  recs.forEach((rec, i) => {
    if (stored.has(rec.uid) || firstAt.has(rec.uid)) return
    firstAt.set(rec.uid, i)
    fresh.push(i)
  })

  // The flag rules judge arrivals in order; responses of this batch stand in the window under provisional negative ids.
  const window = ctx.volume ? await FlagWindow.load(trx, ctx.dialect, ctx.volume, fresh.map((i) => recs[i]!)) : null
  const judged = new Map<number, Judged & { counted: boolean }>()
  const takenBack: number[] = []
  for (const i of fresh) {
    const rec = recs[i]!
    const answersHash = answerSetHash(rec.answers)
    const verdict = window?.judge(rec.touchpointId, { clientKey: rec.clientKey ?? null, answersHash, receivedAt: rec.receivedAt, sharedDevice: !!rec.sharedDevice, preset: rec.flags ?? [] })
    const flags = verdict?.rules ?? rec.flags ?? []
    judged.set(i, { rec, flags, answersHash, counted: !flags.length })
    window?.add(rec.touchpointId, { id: -(i + 1), clientKey: rec.clientKey ?? null, answersHash, receivedAt: rec.receivedAt, counted: !flags.length, reviewed: false })
    if (verdict?.alsoFlag.length) {
      window!.uncount(rec.touchpointId, verdict.alsoFlag)
      for (const id of verdict.alsoFlag) {
        const mine = id < 0 ? judged.get(-id - 1) : undefined
        if (mine) Object.assign(mine, { counted: false, flags: [...new Set([...mine.flags, 'burst' as const])] })
        else takenBack.push(id)
      }
    }
  }

  const inserted = await insertMany(trx, ctx.dialect, [...judged.values()])
  const byIndex = new Map([...judged.keys()].map((i, k) => [i, inserted[k]!]))
  await flagCounted(trx, takenBack, 'burst')
  const buckets = new Buckets(ctx.surveys)
  for (const [i, j] of judged) if (j.counted && byIndex.get(i)!.status === 'created') buckets.add(j.rec)
  for (const r of await rollupInputs(trx, takenBack)) buckets.add(r, -1)
  await addToRollups(trx, ctx.dialect, ctx.surveys, buckets.sorted())
  const created = [...judged].filter(([i]) => byIndex.get(i)!.status === 'created')
  for (const [i, j] of created) if (j.rec.ticketId) await useTicket(trx, j.rec.ticketId, (byIndex.get(i) as { id: number }).id, j.rec.receivedAt)
  await enqueueResponseEvents(trx, ctx.surveys, created.filter(([, j]) => j.counted).map(([, j]) => ({ ...j.rec, verified: !!j.rec.ticketId })))

  return recs.map((rec, i) => {
    const known = stored.get(rec.uid)
    if (known) return known.body_hash === rec.bodyHash ? { status: 'replayed', id: known.id } : { status: 'conflict' }
    const first = firstAt.get(rec.uid)!
    const outcome = byIndex.get(first)!
    if (first === i || outcome.status !== 'created') return outcome
    return recs[first]!.bodyHash === rec.bodyHash ? { status: 'replayed', id: outcome.id } : { status: 'conflict' }
  })
}
