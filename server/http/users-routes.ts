/**
 * Users and their roles, for administrators only: the JSON API under
 * /api/v1/users and, mounted from here, the /admin/users pages. Both go
 * through auth/accounts.ts, so the password policy and the self-lockout rule
 * hold whichever way a change arrives.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { loadUserJson, userJson } from '../auth/accounts.ts'
import { GRANT_ROLES } from '../domain/access.ts'
import { MAX_PASSWORD_LENGTH } from '../domain/password-policy.ts'
import { grantViews } from '../store/grants.ts'
import { getUser, listUsers } from '../store/users.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { requireAdmin } from './auth.ts'
import { jsonBody } from './json-body.ts'
import { unitParam, userParam } from './user-params.ts'
import { usersPageRoutes } from './users-page-routes.ts'
import { changeUserAction, createUserAction, grantAction, resetPasswordAction, revokeAction } from './user-actions.ts'

const id = z.number().int().positive()
const displayName = z.string().trim().max(200).nullable()
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH)

export const createUserBody = z
  .object({
    username: z.string().trim().min(1).max(64).describe('Lower-case letters, digits, . _ @ -; stored lower-cased'),
    display_name: displayName.optional(),
    password: password.optional().describe('Absent: a password is generated and returned once in the 201 body'),
    admin: z.boolean().optional(),
    grants: z.array(z.object({ unit: id, role: z.enum(GRANT_ROLES) }).strict()).max(200).optional(),
  })
  .strict()
export const patchUserBody = z.object({ display_name: displayName.optional(), admin: z.boolean().optional(), disabled: z.boolean().optional() }).strict()
export const grantBody = z.object({ role: z.enum(GRANT_ROLES) }).strict()
export const resetPasswordBody = z.object({ password: password.optional() }).strict()

export function usersRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/api/v1/users', requireAdmin)
  app.use('/api/v1/users/*', requireAdmin)

  app.get('/api/v1/users', async (c) => {
    const [users, grants] = await Promise.all([listUsers(deps.db), grantViews(deps.db)])
    return c.json({ users: users.map((u) => userJson(u, grants)) })
  })

  app.post('/api/v1/users', async (c) => {
    const b = await jsonBody(c, createUserBody)
    const grants = await Promise.all((b.grants ?? []).map(async (g) => ({ unit: await unitParam(deps, g.unit), role: g.role })))
    const { user, generatedPassword } = await createUserAction(c, deps, { username: b.username, displayName: b.display_name, password: b.password, admin: b.admin, grants })
    const body = await loadUserJson(deps.db, user)
    return c.json(generatedPassword ? { ...body, password: generatedPassword } : body, 201)
  })

  app.get('/api/v1/users/:id', async (c) => c.json(await loadUserJson(deps.db, await userParam(deps, c.req.param('id')))))

  app.patch('/api/v1/users/:id', async (c) => {
    const user = await userParam(deps, c.req.param('id'))
    const b = await jsonBody(c, patchUserBody)
    await changeUserAction(c, deps, user, { displayName: b.display_name, admin: b.admin, disabled: b.disabled })
    return c.json(await loadUserJson(deps.db, (await getUser(deps.db, user.id))!))
  })

  app.put('/api/v1/users/:id/grants/:unit', async (c) => {
    const user = await userParam(deps, c.req.param('id'))
    const unit = await unitParam(deps, c.req.param('unit'))
    const b = await jsonBody(c, grantBody)
    await grantAction(c, deps, user, unit, b.role)
    return c.json(await loadUserJson(deps.db, user))
  })

  app.delete('/api/v1/users/:id/grants/:unit', async (c) => {
    const user = await userParam(deps, c.req.param('id'))
    const unit = await unitParam(deps, c.req.param('unit'))
    await revokeAction(c, deps, user, unit)
    return c.json(await loadUserJson(deps.db, user))
  })

  app.post('/api/v1/users/:id/password', async (c) => {
    const user = await userParam(deps, c.req.param('id'))
    // The body may be left out entirely to ask for a generated password.
    const b = c.req.header('content-type') || Number(c.req.header('content-length') ?? 0) > 0 ? await jsonBody(c, resetPasswordBody) : {}
    const generated = await resetPasswordAction(c, deps, user, b.password)
    return generated ? c.json({ password: generated }) : c.body(null, 204)
  })

  app.route('/', usersPageRoutes(deps))
  return app
}
