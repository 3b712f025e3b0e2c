/**
 * Which kiosk, if any, is making a request. A paired tablet sends its token
 * in the X-Hailong-Device header; a missing, unknown or revoked token is
 * simply not a kiosk (the request is served as any other, under the normal
 * limits). Looked up at most once per request, so the rate limiter and the
 * route can both ask.
 */
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from './context.ts'
import { pairedDeviceOfToken, type KioskDevice } from '../store/kiosk-devices.ts'

export const DEVICE_HEADER = 'x-hailong-device'

/** Days back an answer queued on a paired tablet may still carry its own time, as long as a retired touchpoint takes late answers. */
export const ANSWERED_AT_MAX_DAYS = 30
/** A tablet's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000

const TOKEN = /^[A-Za-z0-9_-]{43}$/
// Keyed by the context, not c.req.raw: touching the raw Request makes node-server build one.
const seen = new WeakMap<Context, Promise<KioskDevice | null>>()

/** The paired, unrevoked kiosk tablet behind this request, or null. */
export function pairedDevice(c: Context<AppEnv>, deps: Pick<AppDeps, 'db'>): Promise<KioskDevice | null> {
  let found = seen.get(c)
  if (!found) {
    const token = c.req.header(DEVICE_HEADER)?.trim() ?? ''
    found = TOKEN.test(token) ? pairedDeviceOfToken(deps.db, token).then((d) => d ?? null) : Promise.resolve(null)
    seen.set(c, found)
  }
  return found
}

/** For the rate limiter: a paired kiosk serves a queue of citizens and is exempt. */
export async function isPairedDevice(c: Context<AppEnv>, deps: Pick<AppDeps, 'db'>): Promise<boolean> {
  return (await pairedDevice(c, deps)) !== null
}

/** The time an answer was given, when a kiosk's claim of it is credible; undefined means "now". */
export function answeredAt(raw: string | undefined, now = new Date()): Date | undefined {
  if (!raw) return undefined
  const at = new Date(raw)
  const t = at.getTime()
  if (Number.isNaN(t) || t > now.getTime() + CLOCK_SKEW_MS || t < now.getTime() - ANSWERED_AT_MAX_DAYS * 86_400_000) return undefined
  return t > now.getTime() ? now : at
}
