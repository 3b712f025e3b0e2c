/**
 * Bearer tokens of API clients (store/api-clients.ts). A request with
 * `Authorization: Bearer …` is the client's, never a staff member's: it acts
 * as a manager of the client's subtree, on the integration routes only
 * (tickets, transaction counts, reading results). The token is checked on
 * every request, so a revoked one is refused at once. Such requests carry no
 * cookie, so the CSRF guard has nothing to check.
 */
import type { MiddlewareHandler } from 'hono'
import { Access } from '../domain/access.ts'
import { AppError } from '../errors.ts'
import { clientOfToken } from '../store/api-clients.ts'
import type { AppDeps, AppEnv } from './context.ts'

export interface ApiClientAuth {
  id: number
  name: string
  unitId: number
  path: string
}

/** What a client token may call: METHOD and path pattern. */
const CLIENT_ROUTES: [string, RegExp][] = [
  ['POST', /^\/api\/v1\/tickets(\/batch)?$/],
  ['GET', /^\/api\/v1\/tickets\/[A-Za-z0-9]{1,40}$/],
  ['POST', /^\/api\/v1\/transactions$/],
  ['GET', /^\/api\/v1\/transactions$/],
  ['GET', /^\/api\/v1\/results(\/units)?$/],
  ['GET', /^\/api\/v1\/openapi\.json$/],
]

export function clientAuth(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('apiClient', null)
    const header = c.req.header('authorization')
    if (!header) return next()
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!m) throw new AppError(401, 'invalid_token')
    const client = await clientOfToken(deps.db, m[1]!)
    if (!client) throw new AppError(401, 'invalid_token')
    if (client.revoked_at) throw new AppError(401, 'token_revoked')
    if (!CLIENT_ROUTES.some(([method, path]) => method === c.req.method && path.test(c.req.path))) throw new AppError(403, 'client_forbidden')
    // A token speaks for its client alone, even when a session cookie comes along.
    c.set('user', null)
    c.set('apiClient', { id: client.id, name: client.name, unitId: client.unit_id, path: client.unit_path })
    c.set('access', new Access(false, [{ unitId: client.unit_id, path: client.unit_path, role: 'manager' }]))
    await next()
  }
}
