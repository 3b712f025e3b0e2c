/**
 * Staff authentication and authorisation. A session cookie (httpOnly,
 * SameSite=Lax, Secure behind HTTPS) names the user; the user's grants become
 * an Access that every staff route asks before it reads or changes a unit.
 * The checks live on the server, route by route: a page hiding a link is
 * never the protection.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Unit } from '../db/schema.ts'
import { Access, NO_ACCESS } from '../domain/access.ts'
import { AppError } from '../errors.ts'
import { grantsOf } from '../store/grants.ts'
import { createSession, deleteSession, SESSION_HOURS, userOfSession } from '../store/sessions.ts'
import { getUnit, listRoots } from '../store/units.ts'
import { clientHttps } from './client-address.ts'
import type { AppDeps, AppEnv } from './context.ts'

export const SESSION_COOKIE = 'hl_session'

/** Loads the user behind the session cookie, if any, and what they may reach. */
export function loadUser(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE)
    const user = token ? ((await userOfSession(deps.db, token, new Date(), deps.config.sessionIdleMinutes)) ?? null) : null
    c.set('user', user)
    c.set('access', user ? new Access(!!user.is_admin, await grantsOf(deps.db, user.id)) : NO_ACCESS)
    await next()
  }
}

/** A staff member with a session, or an API client with its token (client-auth.ts: integration routes only). */
const signedIn = (c: Context<AppEnv>) => !!c.get('user') || !!c.get('apiClient')

/** Refuses anyone not signed in (401). */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!signedIn(c)) throw new AppError(401, 'unauthorized')
  await next()
}

/** Refuses anyone who is not a signed-in administrator. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('user')) throw new AppError(401, 'unauthorized')
  if (!c.get('access').admin) throw new AppError(403, 'forbidden')
  await next()
}

/** For pages: someone not signed in is sent to the login page and brought back after. */
export const requireLoginPage: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('user')) {
    const here = new URL(c.req.url)
    return c.redirect(`/login?next=${encodeURIComponent(here.pathname + here.search)}`, 303)
  }
  await next()
}

/** 403 unless the signed-in user may read this unit's subtree. */
export function assertCanRead(c: Context<AppEnv>, unit: Pick<Unit, 'path'>): void {
  if (!signedIn(c)) throw new AppError(401, 'unauthorized')
  if (!c.get('access').canRead(unit)) throw new AppError(403, 'forbidden')
}

/** 403 unless the signed-in user manages this unit (administrator, or manager of a subtree holding it). */
export function assertCanManage(c: Context<AppEnv>, unit: Pick<Unit, 'path'>): void {
  if (!signedIn(c)) throw new AppError(401, 'unauthorized')
  if (!c.get('access').canManage(unit)) throw new AppError(403, 'forbidden')
}

/** A unit by id that the user may read: 404 when it does not exist, 403 when it is not theirs. */
export async function readableUnit(c: Context<AppEnv>, deps: AppDeps, id: number): Promise<Unit> {
  const unit = await getUnit(deps.db, id)
  if (!unit) throw new AppError(404, 'unit_not_found')
  assertCanRead(c, unit)
  return unit
}

/** The tops of the tree this user reads: the roots for administrators, their granted units otherwise. */
export async function readableRoots(c: Context<AppEnv>, deps: AppDeps): Promise<Unit[]> {
  const access = c.get('access')
  if (access.admin) return listRoots(deps.db)
  const units = await Promise.all(access.topGrants().map((g) => getUnit(deps.db, g.unitId)))
  return units.filter((u): u is Unit => !!u)
}

export async function startSession(c: Context<AppEnv>, deps: AppDeps, userId: number): Promise<void> {
  // A new token at every login: a session id planted before login is never promoted.
  const old = getCookie(c, SESSION_COOKIE)
  if (old) await deleteSession(deps.db, old)
  const token = await createSession(deps.db, userId)
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    // Behind a trusted proxy that terminates TLS, the request reaches us as http but the browser's was https.
    secure: deps.config.publicUrl.startsWith('https://') || clientHttps(c),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  })
}

export async function endSession(c: Context<AppEnv>, deps: AppDeps): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE)
  if (token) await deleteSession(deps.db, token)
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}
