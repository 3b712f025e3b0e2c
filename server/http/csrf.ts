/**
 * Cross-site request forgery: a request that changes something and carries
 * the staff session cookie must come from our own pages. Browsers say where a
 * request comes from (Sec-Fetch-Site, Origin); a forged cross-site form or
 * fetch is refused before any route runs. Programs that send no such headers
 * (scripts, the one-stop-shop system with a token) are not browsers being
 * tricked, and SameSite=Lax already keeps the cookie off cross-site posts in
 * current browsers: this is the second lock for older ones.
 */
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { AppError } from '../errors.ts'
import { SESSION_COOKIE } from './auth.ts'
import type { AppEnv } from './context.ts'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export function csrfGuard(publicUrl: () => string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method) || !getCookie(c, SESSION_COOKIE)) return next()
    const site = c.req.header('sec-fetch-site')
    if (site && site !== 'same-origin' && site !== 'none') throw new AppError(403, 'csrf')
    // Under Referrer-Policy: no-referrer a browser sends "Origin: null" even from our own forms; Sec-Fetch-Site has vouched for them.
    if (site === 'same-origin') return next()
    const origin = c.req.header('origin')
    if (origin !== undefined) {
      const allowed = new Set([new URL(publicUrl()).origin, `${new URL(c.req.url).protocol}//${c.req.header('host')}`])
      if (!allowed.has(origin)) throw new AppError(403, 'csrf')
    }
    await next()
  }
}
