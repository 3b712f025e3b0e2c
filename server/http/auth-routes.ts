/**
 * Login and logout, as JSON (POST /api/v1/auth/login) and as a page (/login).
 * Failures are counted per username and per client; too many lock both for a
 * while (429 login_locked), with the same answer whether or not the username
 * exists. Every login, failure, lockout and logout is audited.
 */
import { Hono, type Context } from 'hono'
import { verifyPassword } from '../auth/passwords.ts'
import type { User } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { pseudonym } from '../store/client-keys.ts'
import { clearFailures, lockedUntil, recordFailure, type ThrottleRule } from '../store/login-attempts.ts'
import { findUserByName } from '../store/users.ts'
import type { MessageKey } from '../../web/i18n/messages.ts'
import { LoginPage } from '../../web/pages/login-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { endSession, startSession } from './auth.ts'
import { audit } from './audit.ts'
import { clientAddress } from './client-address.ts'
import { jsonBody } from './json-body.ts'
import { readBody, requireContentType } from './read-body.ts'
import { loginBody } from './schemas.ts'

/** A hash to compare against when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

/** One person guessing at one account. */
export const USERNAME_RULE: ThrottleRule = { failures: 5, windowMinutes: 15, lockMinutes: 15 }
/** One address guessing at many accounts; looser, since an office's staff may share one address. */
export const CLIENT_RULE: ThrottleRule = { failures: 20, windowMinutes: 15, lockMinutes: 15 }

export function authRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  /** The signed-in user, or an AppError: 401 bad_credentials, 429 login_locked (with Retry-After). */
  const attempt = async (c: Context<AppEnv>, username: unknown, password: unknown): Promise<User> => {
    if (typeof username !== 'string' || typeof password !== 'string' || username.length > 200 || password.length > 1000) throw new AppError(401, 'bad_credentials')
    // Usernames are stored lower-cased; people type them as they like.
    const name = username.trim().toLowerCase()
    // Typed usernames (sometimes a password typed in the wrong box) and addresses are counted as pseudonyms only.
    const keys = { user: `u:${await pseudonym(deps.db, 'username', name)}`, client: `c:${await pseudonym(deps.db, 'client', clientAddress(c))}` }
    const locked = await lockedUntil(deps.db, [keys.user, keys.client])
    if (locked) throw lockedError(c, locked)
    const user = await findUserByName(deps.db, name)
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
    if (ok && user && !user.disabled_at) {
      await clearFailures(deps.db, keys.user)
      await audit(deps.db, c, 'login.success', { type: 'user', id: user.id }, null, user)
      return user
    }
    const [userLock, clientLock] = [await recordFailure(deps.db, keys.user, USERNAME_RULE), await recordFailure(deps.db, keys.client, CLIENT_RULE)]
    // The log names the account only when one exists: a mistyped name may be someone's password.
    const who = user ? { id: user.id, username: user.username } : null
    const target = user ? { type: 'user', id: user.id } : null
    await audit(deps.db, c, 'login.failure', target, { unknown_user: !user || undefined, disabled: user?.disabled_at ? true : undefined }, who)
    const lock = userLock ?? clientLock
    if (lock) {
      await audit(deps.db, c, 'login.lockout', target, { by: userLock ? 'username' : 'client', until: lock.toISOString() }, who)
      throw lockedError(c, lock)
    }
    throw new AppError(401, 'bad_credentials')
  }

  app.post('/api/v1/auth/login', async (c) => {
    const body = await jsonBody(c, loginBody)
    const user = await attempt(c, body.username, body.password)
    await startSession(c, deps, user.id)
    return c.json({ user: { id: user.id, username: user.username, admin: !!user.is_admin } })
  })

  const logout = async (c: Context<AppEnv>) => {
    const user = c.get('user')
    await endSession(c, deps)
    if (user) await audit(deps.db, c, 'logout', { type: 'user', id: user.id })
  }

  app.post('/api/v1/auth/logout', async (c) => {
    await logout(c)
    return c.body(null, 204)
  })

  app.get('/login', (c) => c.html(renderPage(LoginPage({ t: c.get('t'), lang: c.get('lang'), next: safeNext(c.req.query('next')) }))))

  app.post('/login', async (c) => {
    requireContentType(c, 'application/x-www-form-urlencoded')
    const form = new URLSearchParams(await readBody(c))
    const next = safeNext(form.get('next'))
    let user: User
    try {
      user = await attempt(c, form.get('username'), form.get('password'))
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 401 && err.status !== 429)) throw err
      const error = c.get('t')(`error.${err.code}` as MessageKey, err.params)
      return c.html(renderPage(LoginPage({ t: c.get('t'), lang: c.get('lang'), next, error, username: form.get('username') ?? '' })), err.status)
    }
    await startSession(c, deps, user.id)
    return c.redirect(next, 303)
  })

  app.post('/logout', async (c) => {
    await logout(c)
    return c.redirect('/login', 303)
  })

  return app
}

function lockedError(c: Context<AppEnv>, until: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))
  c.header('retry-after', String(seconds))
  return new AppError(429, 'login_locked', { minutes: Math.ceil(seconds / 60) })
}

/** Only same-site paths may follow a login, never another host. */
function safeNext(raw: string | null | undefined): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.includes('\\') ? raw : '/dashboard'
}
