/**
 * API clients, for administrators: GET/POST /api/v1/clients, POST
 * /api/v1/clients/{id}/revoke, and the page /admin/clients. The token is in
 * the answer to the creation only (JSON, or the page the form posts to),
 * never in an address or the log.
 */
import { Hono, type Context } from 'hono'
import { AppError } from '../errors.ts'
import { createApiClient, getApiClient, listApiClients, revokeApiClient, type ApiClient } from '../store/api-clients.ts'
import { getUnit } from '../store/units.ts'
import { renderPage } from '../../web/pages/render.ts'
import { ClientsPage } from '../../web/pages/admin/clients-page.tsx'
import { flashOf, formAction, num, parseForm, readForm, text } from './admin-forms.ts'
import { idParam, readableUnits } from './admin-json.ts'
import { audited } from './audit.ts'
import { requireAdmin, requireLoginPage } from './auth.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { clientBody } from './integration-schemas.ts'
import { jsonBody } from './json-body.ts'
import { staffUser } from './staff-user.ts'

type C = Context<AppEnv>

const clientJson = ({ unit_path: _p, ...c }: ApiClient) => c

export function clientsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  const create = async (c: C, body: { name: string; unit: number }) => {
    if (!(await getUnit(deps.db, body.unit))) throw new AppError(404, 'unit_not_found')
    return audited(
      deps.db,
      c,
      (trx) => createApiClient(trx, { name: body.name, unitId: body.unit, createdBy: c.get('user')!.id }),
      (out) => ({ action: 'client.create', target: { type: 'api_client', id: out.client.id }, detail: { name: out.client.name, unit: out.client.unit_id } }),
    )
  }

  const revoke = async (c: C, id: number) => {
    const client = await getApiClient(deps.db, id)
    if (!client) throw new AppError(404, 'client_not_found')
    await audited(
      deps.db,
      c,
      (trx) => revokeApiClient(trx, id),
      (changed) => ({ action: 'client.revoke', target: { type: 'api_client', id }, detail: { name: client.name, changed } }),
    )
    return (await getApiClient(deps.db, id))!
  }

  app.get('/api/v1/clients', requireAdmin, async (c) => c.json({ items: (await listApiClients(deps.db)).map(clientJson) }))

  app.post('/api/v1/clients', requireAdmin, async (c) => {
    const out = await create(c, await jsonBody(c, clientBody))
    return c.json({ ...clientJson(out.client), token: out.token }, 201)
  })

  app.post('/api/v1/clients/:id/revoke', requireAdmin, async (c) => c.json(clientJson(await revoke(c, idParam(c, 'client_not_found')))))

  const page = async (c: C, token: { name: string; token: string } | null) => {
    const units = (await readableUnits(c, deps)).map((u) => ({ id: u.id, name: u.name, depth: u.path.split('/').length - 3 }))
    c.header('cache-control', 'no-store')
    return c.html(renderPage(ClientsPage({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c)!, flash: flashOf(c), clients: await listApiClients(deps.db), units, token })), token ? 201 : 200)
  }

  app.get('/admin/clients', requireLoginPage, requireAdmin, (c) => page(c, null))

  app.post('/admin/clients', requireAdmin, async (c) => {
    const form = await readForm(c)
    try {
      const out = await create(c, parseForm(clientBody, { name: text(form, 'name'), unit: num(form, 'unit') }))
      return page(c, { name: out.client.name, token: out.token })
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 401 || err.status === 403) throw err
      return c.redirect(`/admin/clients?err=${err.code}${err.params.detail ? `&detail=${encodeURIComponent(String(err.params.detail))}` : ''}`, 303)
    }
  })

  app.post(
    '/admin/clients/:id/revoke',
    requireAdmin,
    formAction(
      () => '/admin/clients',
      async (c) => {
        await revoke(c, idParam(c, 'client_not_found'))
        return { ok: 'client_revoked' }
      },
    ),
  )

  return app
}
