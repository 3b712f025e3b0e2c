/**
 * Staff authentication: a session cookie (httpOnly, SameSite=Lax, Secure
 * behind HTTPS) checked on every staff route. Roles widen in a later issue;
 * for now an administrator may do everything a staff route offers.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { AppError } from '../errors.ts'
import { createSession, deleteSession, SESSION_HOURS, userOfSession } from '../store/sessions.ts'
import type { AppDeps, AppEnv } from './context.ts'

export const SESSION_COOKIE = 'hl_session'

/** Loads the user behind the session cookie, if any. */
export function loadUser(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE)
    c.set('user', token ? ((await userOfSession(deps.db, token)) ?? null) : null)
    await next()
  }
}

/** Refuses anyone who is not a signed-in administrator. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.get('user')
  if (!user) throw new AppError(401, 'unauthorized')
  if (!user.is_admin) throw new AppError(403, 'forbidden')
  await next()
}

export async function startSession(c: Context<AppEnv>, deps: AppDeps, userId: number): Promise<void> {
  const token = await createSession(deps.db, userId)
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.config.publicUrl.startsWith('https://'),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  })
}

export async function endSession(c: Context<AppEnv>, deps: AppDeps): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE)
  if (token) await deleteSession(deps.db, token)
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}
