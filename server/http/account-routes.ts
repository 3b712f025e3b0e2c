/**
 * The signed-in user's own account, whatever their role: who they are and
 * what they may reach (GET /api/v1/auth/me, the /account page), and a change
 * of password that ends every other session of the account.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { assertStrongPassword, loadUserJson } from '../auth/accounts.ts'
import { hashPassword, verifyPassword } from '../auth/passwords.ts'
import { MAX_PASSWORD_LENGTH } from '../domain/password-policy.ts'
import { AppError } from '../errors.ts'
import { setPassword } from '../store/users.ts'
import type { MessageKey } from '../../web/i18n/messages.ts'
import { AccountPage } from '../../web/pages/account-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import { withLang } from '../../web/pages/users/parts.tsx'
import type { AppDeps, AppEnv } from './context.ts'
import { requireLoginPage, requireUser, startSession } from './auth.ts'
import { audit } from './audit.ts'
import { jsonBody } from './json-body.ts'
import { readBody, requireContentType } from './read-body.ts'
import { staffUser } from './staff-user.ts'

export const changePasswordBody = z.object({ current: z.string().max(MAX_PASSWORD_LENGTH), password: z.string().max(MAX_PASSWORD_LENGTH) }).strict()

export function accountRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  /**
   * Checks the current password and the policy, sets the new one (which ends
   * every session of the account, this one included) and starts a fresh
   * session here, so only the browser that changed it stays signed in.
   */
  const changePassword = async (c: Context<AppEnv>, current: string, password: string) => {
    const user = c.get('user')!
    if (!(await verifyPassword(current, user.password_hash))) throw new AppError(401, 'bad_credentials')
    assertStrongPassword(c.get('t'), password, user.username)
    await setPassword(deps.db, user.id, await hashPassword(password))
    await audit(deps.db, c, 'password.change', { type: 'user', id: user.id })
    await startSession(c, deps, user.id)
  }

  app.get('/api/v1/auth/me', requireUser, async (c) => {
    const { id, username, display_name, admin, grants } = await loadUserJson(deps.db, c.get('user')!)
    return c.json({ id, username, display_name, admin, grants })
  })

  app.post('/api/v1/auth/password', requireUser, async (c) => {
    const b = await jsonBody(c, changePasswordBody)
    await changePassword(c, b.current, b.password)
    return c.body(null, 204)
  })

  const page = async (c: Context<AppEnv>, notice: { done?: string; error?: string }, status: 200 | 401 | 413 | 415 | 422 = 200) =>
    c.html(renderPage(AccountPage({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c)!, me: await loadUserJson(deps.db, c.get('user')!), ...notice })), status)

  app.get('/account', requireLoginPage, (c) => page(c, { done: c.req.query('done') === 'password' ? c.get('t')('account.done.password') : undefined }))

  app.post('/account/password', requireUser, async (c) => {
    try {
      requireContentType(c, 'application/x-www-form-urlencoded')
      const f = new URLSearchParams(await readBody(c))
      const password = f.get('password') ?? ''
      if (password !== (f.get('confirm') ?? '')) throw new AppError(422, 'password_mismatch')
      await changePassword(c, f.get('current') ?? '', password)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      // Signed in already, "wrong username or password" would puzzle: only the current password can be wrong here.
      const message = err.code === 'bad_credentials' ? c.get('t')('account.password.wrong_current') : c.get('t')(`error.${err.code}` as MessageKey, err.params)
      return page(c, { error: message }, err.status as 422)
    }
    return c.redirect(withLang('/account?done=password', c.get('lang')), 303)
  })

  return app
}
