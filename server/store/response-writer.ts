/**
 * Group commit. Submissions queue while the previous batch is being
 * committed and then go in together: one transaction and one fsync for the
 * batch instead of one per response. How a batch is committed is given:
 * here on the caller's connection (PostgreSQL), or on SQLite in the write
 * thread (write-thread.ts), so the fsync never stalls the event loop.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { recordResponses, type RecordContext, type RecordOutcome, type ResponseRecord } from './record-responses.ts'

export type Settled = { ok: true; outcome: RecordOutcome } | { ok: false; error: unknown }

/** Commits a batch and says, for each response in it, what became of it. */
export type CommitBatch = (recs: ResponseRecord[]) => Promise<Settled[]>

/**
 * One transaction for the batch. If it fails, one transaction per response,
 * so one bad record never takes its neighbours down with it.
 */
export async function commitBatch(db: Kysely<Database>, ctx: RecordContext, recs: ResponseRecord[]): Promise<Settled[]> {
  try {
    const outcomes = await db.transaction().execute((trx) => recordResponses(trx, ctx, recs))
    return outcomes.map((outcome) => ({ ok: true, outcome }))
  } catch (err) {
    // The database stayed locked past the busy timeout: trying each response alone would wait that long again, each.
    if (isBusy(err)) return recs.map(() => ({ ok: false, error: new AppError(503, 'write_unavailable') }))
    const settled: Settled[] = []
    for (const rec of recs) {
      try {
        const [outcome] = await db.transaction().execute((trx) => recordResponses(trx, ctx, [rec]))
        settled.push({ ok: true, outcome: outcome! })
      } catch (error) {
        settled.push({ ok: false, error })
      }
    }
    return settled
  }
}

const isBusy = (err: unknown) => typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' && err.code.startsWith('SQLITE_BUSY')

interface Pending {
  rec: ResponseRecord
  resolve: (o: RecordOutcome) => void
  reject: (e: unknown) => void
}

export class ResponseWriter {
  #queue: Pending[] = []
  #scheduled = false
  #flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly commit: CommitBatch,
    private readonly opts: { maxBatch?: number; webhooksChanged?: () => void } = {},
  ) {}

  /** The write path keeps the active webhooks for a few seconds; after a change it must see the new set at once. */
  webhooksChanged(): void {
    this.opts.webhooksChanged?.()
  }

  /** Resolves once the response is committed (on disk), or known as a replay or a conflict. */
  write(rec: ResponseRecord): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ rec, resolve, reject })
      // Wait for the rest of this turn of the event loop: what arrives together goes in together.
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

  /** One batch at a time; what queues meanwhile is the next batch. */
  async #flush(): Promise<void> {
    this.#scheduled = false
    while (this.#queue.length) {
      const batch = this.#queue.splice(0, this.opts.maxBatch ?? 500)
      let settled: Settled[]
      try {
        settled = await this.commit(batch.map((p) => p.rec))
      } catch (error) {
        settled = batch.map(() => ({ ok: false, error }))
      }
      batch.forEach((p, i) => {
        const s = settled[i]!
        if (s.ok) p.resolve(s.outcome)
        else p.reject(s.error)
      })
    }
  }
}
