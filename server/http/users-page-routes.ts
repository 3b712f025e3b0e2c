/**
 * The /admin/users pages: plain forms posting urlencoded bodies. A change that
 * succeeds redirects back with a notice (post/redirect/get); a refused one
 * shows the page again with the reason. A generated password is the one
 * exception: it is shown in the answer to the POST itself, never put in an
 * address, and that answer is not cached.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { loadUserJson, userJson } from '../auth/accounts.ts'
import type { User } from '../db/schema.ts'
import { GRANT_ROLES, type GrantRole } from '../domain/access.ts'
import { AppError } from '../errors.ts'
import { grantViews } from '../store/grants.ts'
import { listSubtree } from '../store/units.ts'
import { getUser, listUsers } from '../store/users.ts'
import type { MessageKey } from '../../web/i18n/messages.ts'
import { renderPage } from '../../web/pages/render.ts'
import { UsersPage, type NewUserForm } from '../../web/pages/users-page.tsx'
import { withLang } from '../../web/pages/users/parts.tsx'
import { UserPage } from '../../web/pages/users/user-page.tsx'
import type { AppDeps, AppEnv } from './context.ts'
import { readableRoots, requireAdmin, requireLoginPage } from './auth.ts'
import { readBody, requireContentType } from './read-body.ts'
import { staffUser } from './staff-user.ts'
import { unitParam, userParam } from './user-params.ts'
import { changeUserAction, createUserAction, grantAction, resetPasswordAction, revokeAction } from './user-actions.ts'

const DONE = ['created', 'saved', 'granted', 'revoked', 'reset'] as const

async function form(c: Context<AppEnv>): Promise<URLSearchParams> {
  requireContentType(c, 'application/x-www-form-urlencoded')
  return new URLSearchParams(await readBody(c))
}

const role = (raw: string | null): GrantRole => {
  if (!(GRANT_ROLES as readonly string[]).includes(raw ?? '')) throw new AppError(422, 'invalid_body', { detail: 'role' })
  return raw as GrantRole
}

/** Someone signed out is sent to log in when they open a page; a form post from them is refused (401). */
const adminPage: MiddlewareHandler<AppEnv> = (c, next) => (c.req.method === 'GET' ? requireLoginPage(c, async () => void (await requireAdmin(c, next))) : requireAdmin(c, next))

const refusal = (err: unknown) => (err instanceof AppError && err.status < 500 ? err : null)

export function usersPageRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/admin/users', adminPage)
  app.use('/admin/users/*', adminPage)

  const units = async (c: Context<AppEnv>) => {
    const roots = await readableRoots(c, deps)
    return (await Promise.all(roots.map((r) => listSubtree(deps.db, r)))).flat().map((u) => ({ id: u.id, name: u.name, depth: u.path.split('/').length - 3 }))
  }
  const message = (c: Context<AppEnv>, err: AppError) => c.get('t')(`error.${err.code}` as MessageKey, err.params)

  const listPage = async (c: Context<AppEnv>, extra: { error?: string; form?: NewUserForm } = {}, status: 200 | 400 | 404 | 409 | 413 | 415 | 422 = 200) => {
    const [users, grants] = await Promise.all([listUsers(deps.db), grantViews(deps.db)])
    const page = UsersPage({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c)!, users: users.map((u) => userJson(u, grants)), units: await units(c), ...extra })
    return c.html(renderPage(page), status)
  }

  const userPage = async (c: Context<AppEnv>, user: User, extra: { done?: string | null; error?: string; generatedPassword?: string | null }, status = 200) => {
    const page = UserPage({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c)!, account: await loadUserJson(deps.db, user), units: await units(c), ...extra })
    if (extra.generatedPassword) c.header('cache-control', 'no-store')
    return c.html(renderPage(page), status as 200)
  }

  /** A change to one user: on success back to its page with a notice; refused, the page again with the reason. */
  const change = (act: (c: Context<AppEnv>, user: User, f: URLSearchParams) => Promise<(typeof DONE)[number] | { generatedPassword: string }>) => async (c: Context<AppEnv>) => {
    const user = await userParam(deps, c.req.param('id')!)
    let done
    try {
      done = await act(c, user, await form(c))
    } catch (err) {
      const refused = refusal(err)
      if (!refused) throw err
      return userPage(c, (await getUser(deps.db, user.id))!, { error: message(c, refused) }, refused.status)
    }
    if (typeof done === 'string') return c.redirect(withLang(`/admin/users/${user.id}?done=${done}`, c.get('lang')), 303)
    return userPage(c, (await getUser(deps.db, user.id))!, { done: c.get('t')('users.done.reset'), generatedPassword: done.generatedPassword })
  }

  app.get('/admin/users', (c) => listPage(c))

  app.post('/admin/users', async (c) => {
    const f = await form(c)
    const unitRaw = f.get('unit') || null
    const values: NewUserForm = { username: f.get('username') ?? '', display_name: f.get('display_name') ?? '', admin: f.has('admin'), unit: unitRaw ? Number(unitRaw) : null, role: f.get('role') }
    let created
    try {
      const grants = unitRaw ? [{ unit: await unitParam(deps, unitRaw), role: role(f.get('role')) }] : []
      created = await createUserAction(c, deps, { username: values.username, displayName: values.display_name, password: f.get('password'), admin: values.admin, grants })
    } catch (err) {
      const refused = refusal(err)
      if (!refused) throw err
      return listPage(c, { error: message(c, refused), form: values }, refused.status as 422)
    }
    if (!created.generatedPassword) return c.redirect(withLang(`/admin/users/${created.user.id}?done=created`, c.get('lang')), 303)
    return userPage(c, created.user, { done: c.get('t')('users.done.created'), generatedPassword: created.generatedPassword }, 201)
  })

  app.get('/admin/users/:id', async (c) => {
    const user = await userParam(deps, c.req.param('id'))
    const done = c.req.query('done')
    return userPage(c, user, { done: done && (DONE as readonly string[]).includes(done) ? c.get('t')(`users.done.${done}` as MessageKey) : null })
  })

  app.post(
    '/admin/users/:id',
    change(async (c, user, f) => {
      await changeUserAction(c, deps, user, { displayName: f.get('display_name') ?? undefined, admin: f.has('admin'), disabled: f.has('disabled') })
      return 'saved'
    }),
  )

  app.post(
    '/admin/users/:id/grants',
    change(async (c, user, f) => {
      await grantAction(c, deps, user, await unitParam(deps, f.get('unit') ?? ''), role(f.get('role')))
      return 'granted'
    }),
  )

  app.post(
    '/admin/users/:id/grants/:unit/delete',
    change(async (c, user) => {
      await revokeAction(c, deps, user, await unitParam(deps, c.req.param('unit')!))
      return 'revoked'
    }),
  )

  app.post(
    '/admin/users/:id/password',
    change(async (c, user, f) => {
      const generatedPassword = await resetPasswordAction(c, deps, user, f.get('password'))
      return generatedPassword ? { generatedPassword } : 'reset'
    }),
  )

  return app
}
