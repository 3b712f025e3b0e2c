/**
 * Sends the queued webhook deliveries, in the background of each server
 * process: claims due ones (store/webhooks.ts claimDue), POSTs each signed
 * body with a timeout, and on failure schedules the next attempt with
 * exponential backoff until a day has passed since the event, then gives up
 * (status failed, visible in the delivery log). Submissions never wait on
 * any of this: they only insert rows.
 */
import type { Kysely } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import { claimDue, markAttemptFailed, markDelivered } from '../store/webhooks.ts'
import { signedHeaders } from './sign.ts'

export const GIVE_UP_MS = 24 * 3_600_000
const MAX_DELAY_MS = 6 * 3_600_000
const TIMEOUT_MS = 5_000
const BATCH = 20

/** The wait after the attempt-th failure (1, 2, …): base × 4^(attempt−1), at most six hours. */
export function backoff(attempt: number, baseMs: number): number {
  return Math.min(MAX_DELAY_MS, baseMs * 4 ** Math.max(0, attempt - 1))
}

export interface DispatcherOptions {
  /** The first retry's delay (HAILONG_WEBHOOK_BACKOFF_MS, default 5 s). */
  backoffMs: number
}

export class WebhookDispatcher {
  #timer: NodeJS.Timeout | null = null
  #running: Promise<void> | null = null
  #stopped = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly opts: DispatcherOptions,
  ) {}

  start(): void {
    this.#stopped = false
    this.#schedule()
  }

  /** Stops polling and waits for the attempts under way. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    await this.#running
  }

  #schedule(): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#running = this.tick()
        .catch((err) => console.error('[hailong] webhook dispatch failed:', err))
        .finally(() => this.#schedule())
    }, Math.min(1_000, this.opts.backoffMs))
    this.#timer.unref()
  }

  /** One round: sends everything due now, a batch at a time. */
  async tick(): Promise<void> {
    for (;;) {
      if (this.#stopped) return
      const due = await claimDue(this.db, this.dialect, BATCH)
      if (!due.length) return
      await Promise.all(due.map((d) => this.#send(d)))
    }
  }

  async #send(d: { id: string; url: string; secret: string; payload: string; attempts: number; created_at: string }): Promise<void> {
    let failure: { statusCode: number | null; error: string }
    try {
      const res = await fetch(d.url, { method: 'POST', headers: signedHeaders(d.secret, d.id, d.payload), body: d.payload, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) })
      await res.body?.cancel()
      if (res.status >= 200 && res.status < 300) return markDelivered(this.db, d.id, res.status)
      failure = { statusCode: res.status, error: `HTTP ${res.status}` }
    } catch (err) {
      failure = { statusCode: null, error: err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err) }
    }
    const retryAt = new Date(Date.now() + backoff(d.attempts + 1, this.opts.backoffMs))
    const giveUp = retryAt.getTime() - Date.parse(d.created_at) > GIVE_UP_MS
    await markAttemptFailed(this.db, d.id, failure, giveUp ? null : retryAt)
  }
}
