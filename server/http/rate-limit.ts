/**
 * Rate limits on citizens' submissions: per client (a keyed hash of its
 * address and browser, never the address) and per touchpoint. A touchpoint
 * may carry its own per-client limit: a tablet at a counter, or a paired
 * kiosk, is one client for many citizens. Tablets' requests for a pairing
 * code are limited the same way.
 *
 * The counters live in this process: with several server processes behind a
 * load balancer each enforces its own share, so a client may send up to
 * limit × processes. The flag rules (store/flags.ts), which read the
 * database, still see every response. HAILONG_RATE_LIMIT=0 switches the
 * limits off (load tests only).
 */
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { clientFingerprint } from '../domain/client-key.ts'
import { AppError } from '../errors.ts'
import { pseudonym } from '../store/client-keys.ts'
import type { TouchpointView } from '../store/touchpoints.ts'
import { clientAddress } from './client-address.ts'
import type { AppDeps, AppEnv } from './context.ts'

export interface RateLimits {
  clientPerMinute: number
  clientPerHour: number
  touchpointPerMinute: number
}

/** A citizen answers once a visit; a family on one phone a few times. A touchpoint's queue is rarely two a minute. */
export const DEFAULT_RATE_LIMITS: RateLimits = { clientPerMinute: 6, clientPerHour: 30, touchpointPerMinute: 120 }

const MINUTE = 60_000
const HOUR = 3_600_000

/** The limits at one touchpoint: its own per-client limit (a shared tablet) replaces the default, by the minute and by the hour. */
export function limitsAt(tp: Pick<TouchpointView, 'rate_limit_per_minute'>, shared: boolean, base: RateLimits = DEFAULT_RATE_LIMITS): RateLimits {
  const own = tp.rate_limit_per_minute
  if (own == null && !shared) return base
  const perMinute = own ?? base.touchpointPerMinute
  return { clientPerMinute: perMinute, clientPerHour: perMinute * 60, touchpointPerMinute: Math.max(base.touchpointPerMinute, perMinute) }
}

/** Sliding windows of recent submission times, one per key. */
export class RateLimiter {
  #hits = new Map<string, number[]>()
  #checks = 0

  /**
   * Counts a submission at a touchpoint (or a request for a pairing code),
   * or returns the seconds to wait when one of the windows is full (the
   * refused one is not counted).
   */
  take(clientKey: string, scope: number | 'pairing', limits: RateLimits, now = Date.now()): number | null {
    const windows: [string, number, number][] = [
      [`c:${scope}:${clientKey}`, MINUTE, limits.clientPerMinute],
      [`h:${scope}:${clientKey}`, HOUR, limits.clientPerHour],
      [`t:${scope}`, MINUTE, limits.touchpointPerMinute],
    ]
    let wait = 0
    for (const [key, span, limit] of windows) {
      const hits = this.#recent(key, span, now)
      if (hits.length >= limit) wait = Math.max(wait, hits[hits.length - limit]! + span - now)
    }
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000))
    for (const [key] of windows) {
      const hits = this.#hits.get(key) ?? []
      hits.push(now)
      this.#hits.set(key, hits)
    }
    if (++this.#checks % 1000 === 0) this.#sweep(now)
    return null
  }

  #recent(key: string, span: number, now: number): number[] {
    const hits = this.#hits.get(key)
    if (!hits) return []
    let drop = 0
    while (drop < hits.length && hits[drop]! <= now - span) drop++
    if (drop) hits.splice(0, drop)
    return hits
  }

  /** Forgets keys with nothing in the last hour, so memory follows the active clients. */
  #sweep(now: number): void {
    for (const [key, hits] of this.#hits) if (!hits.length || hits[hits.length - 1]! <= now - HOUR) this.#hits.delete(key)
  }
}

const limiters = new WeakMap<AppDeps, RateLimiter>()
const limiterOf = (deps: AppDeps) => {
  let limiter = limiters.get(deps)
  if (!limiter) limiters.set(deps, (limiter = new RateLimiter()))
  return limiter
}

/**
 * A tablet asks for a pairing code when it starts and again when its code
 * expires unused (every 15 minutes): a few an hour. The request needs no
 * account and stores a row, so one client may not ask more often than that,
 * nor all clients together more than once a second in this process
 * (kiosk-devices.ts also caps the codes waiting at once, whoever asks).
 */
export const PAIRING_LIMITS: RateLimits = { clientPerMinute: 3, clientPerHour: 12, touchpointPerMinute: 60 }

const refuse = (c: Context<AppEnv>, code: string, seconds: number): never => {
  c.header('retry-after', String(seconds))
  throw new AppError(429, code, { seconds })
}

/** The day's keyed hash of the client's address and browser: what the rate limits and the burst rule count by. */
export async function clientKeyOf(c: Context<AppEnv>, db: Kysely<Database>): Promise<string> {
  return (await pseudonym(db, 'client', clientFingerprint(clientAddress(c), c.req.header('user-agent')))).slice(0, 16)
}

/**
 * Checks one submission against the limits: 429 `rate_limited` with
 * Retry-After when over. Returns the client's key for the flag rules.
 */
export async function guardSubmission(c: Context<AppEnv>, deps: AppDeps, tp: TouchpointView, shared = false): Promise<string> {
  const key = await clientKeyOf(c, deps.db)
  if (!deps.config.rateLimit) return key
  const wait = limiterOf(deps).take(key, tp.id, limitsAt(tp, shared))
  if (wait !== null) refuse(c, 'rate_limited', wait)
  return key
}

/** Checks a tablet's request for a pairing code against PAIRING_LIMITS: 429 `pairing_limited` with Retry-After when over. */
export async function guardPairing(c: Context<AppEnv>, deps: AppDeps): Promise<void> {
  if (!deps.config.rateLimit) return
  const wait = limiterOf(deps).take(await clientKeyOf(c, deps.db), 'pairing', PAIRING_LIMITS)
  if (wait !== null) refuse(c, 'pairing_limited', wait)
}
