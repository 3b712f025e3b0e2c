/**
 * The write path of a citizen's response, with group commit.
 *
 * Durability is not negotiable (synchronous=FULL: every 201 is on disk), so
 * throughput comes from committing many concurrent submissions in one
 * transaction: one fsync for the batch instead of one per response. The
 * client's id is unique, so a replay is recognised inside the same
 * transaction and never counted twice.
 */
import type { Kysely, Transaction } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import type { Answers } from '../domain/survey-types.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { addToRollups, bucketResponses } from './rollups.ts'

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
}

export type RecordOutcome = { status: 'created'; id: number } | { status: 'replayed'; id: number } | { status: 'conflict' }

/** Inserts one response and its answers inside the caller's transaction. */
export async function insertResponse(trx: Transaction<Database>, rec: ResponseRecord): Promise<RecordOutcome> {
  const row = await trx
    .insertInto('responses')
    .values({
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
      status: 'ok',
    })
    .onConflict((oc) => oc.column('uid').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!row) {
    const existing = await trx.selectFrom('responses').select(['id', 'body_hash']).where('uid', '=', rec.uid).executeTakeFirstOrThrow()
    return existing.body_hash === rec.bodyHash ? { status: 'replayed', id: existing.id } : { status: 'conflict' }
  }
  const answers = Object.entries(rec.answers).map(([item, v]) => ({
    response_id: row.id,
    item,
    value_num: typeof v === 'number' ? v : null,
    value_text: typeof v === 'string' ? v : null,
  }))
  if (answers.length) await trx.insertInto('answers').values(answers).execute()
  return { status: 'created', id: row.id }
}

export interface RecordContext {
  dialect: DialectName
  surveys: SurveyCatalogue
}

/** Stores responses and adds the new ones to the rollups, all inside the caller's transaction. */
export async function recordResponses(trx: Transaction<Database>, ctx: RecordContext, recs: ResponseRecord[]): Promise<RecordOutcome[]> {
  const out: RecordOutcome[] = []
  const created: ResponseRecord[] = []
  for (const rec of recs) {
    const outcome = await insertResponse(trx, rec)
    out.push(outcome)
    if (outcome.status === 'created') created.push(rec)
  }
  if (created.length) await addToRollups(trx, ctx.dialect, ctx.surveys, bucketResponses(ctx.surveys, created))
  return out
}

interface Pending {
  rec: ResponseRecord
  resolve: (o: RecordOutcome) => void
  reject: (e: unknown) => void
}

/**
 * Queues submissions that arrive in the same turn of the event loop and
 * commits them together. A batch that fails is retried one response per
 * transaction, so one bad record never takes its neighbours down with it.
 */
export class ResponseWriter {
  #queue: Pending[] = []
  #scheduled = false
  #flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ctx: RecordContext,
    private readonly maxBatch = 500,
  ) {}

  write(rec: ResponseRecord): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ rec, resolve, reject })
      if (!this.#scheduled) {
        this.#scheduled = true
        setImmediate(() => {
          this.#flushing = this.#flushing.then(() => this.#flush())
        })
      }
    })
  }

  /** Resolves when everything queued so far is committed. */
  async drain(): Promise<void> {
    while (this.#queue.length || this.#scheduled) {
      await new Promise((r) => setImmediate(r))
      await this.#flushing
    }
  }

  async #flush(): Promise<void> {
    this.#scheduled = false
    while (this.#queue.length) {
      const batch = this.#queue.splice(0, this.maxBatch)
      try {
        const outcomes = await this.db.transaction().execute((trx) => recordResponses(trx, this.ctx, batch.map((p) => p.rec)))
        batch.forEach((p, i) => p.resolve(outcomes[i]!))
      } catch {
        for (const p of batch) {
          try {
            const [outcome] = await this.db.transaction().execute((trx) => recordResponses(trx, this.ctx, [p.rec]))
            p.resolve(outcome!)
          } catch (err) {
            p.reject(err)
          }
        }
      }
    }
  }
}
