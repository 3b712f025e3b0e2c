/**
 * Login and logout, as JSON (POST /api/v1/auth/login) and as a page (/login).
 */
import { Hono } from 'hono'
import { verifyPassword } from '../auth/passwords.ts'
import { AppError } from '../errors.ts'
import { findUserByName } from '../store/users.ts'
import { LoginPage } from '../../web/pages/login-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { endSession, startSession } from './auth.ts'
import { jsonBody } from './json-body.ts'
import { readBody, requireContentType } from './read-body.ts'
import { loginBody } from './schemas.ts'

/** A hash to compare against when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

export function authRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  const check = async (username: unknown, password: unknown) => {
    if (typeof username !== 'string' || typeof password !== 'string' || username.length > 200 || password.length > 1000) return null
    // Usernames are stored lower-cased; people type them as they like.
    const user = await findUserByName(deps.db, username.trim().toLowerCase())
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
    return ok && user && !user.disabled_at ? user : null
  }

  app.post('/api/v1/auth/login', async (c) => {
    const body = await jsonBody(c, loginBody)
    const user = await check(body.username, body.password)
    if (!user) throw new AppError(401, 'bad_credentials')
    await startSession(c, deps, user.id)
    return c.json({ user: { id: user.id, username: user.username, admin: !!user.is_admin } })
  })

  app.post('/api/v1/auth/logout', async (c) => {
    await endSession(c, deps)
    return c.body(null, 204)
  })

  app.get('/login', (c) => c.html(renderPage(LoginPage({ t: c.get('t'), lang: c.get('lang'), next: safeNext(c.req.query('next')) }))))

  app.post('/login', async (c) => {
    requireContentType(c, 'application/x-www-form-urlencoded')
    const form = new URLSearchParams(await readBody(c))
    const next = safeNext(form.get('next'))
    const user = await check(form.get('username'), form.get('password'))
    if (!user) {
      return c.html(renderPage(LoginPage({ t: c.get('t'), lang: c.get('lang'), next, error: c.get('t')('error.bad_credentials'), username: form.get('username') ?? '' })), 401)
    }
    await startSession(c, deps, user.id)
    return c.redirect(next, 303)
  })

  app.post('/logout', async (c) => {
    await endSession(c, deps)
    return c.redirect('/login', 303)
  })

  return app
}

/** Only same-site paths may follow a login, never another host. */
function safeNext(raw: string | null | undefined): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.includes('\\') ? raw : '/dashboard'
}
