/**
 * The management API: the unit tree, services and touchpoints. Administrators
 * change the tree and the services; a unit's managers create and edit its
 * touchpoints; anyone with a role lists what lies in their subtrees. The
 * targets API and the management pages are mounted from here too.
 */
import { Hono } from 'hono'
import { AppError } from '../errors.ts'
import { listServices } from '../store/services.ts'
import { listTouchpoints } from '../store/touchpoints.ts'
import { addService, addTouchpoint, editService, editTouchpoint } from './admin-actions.ts'
import { idParam, serviceJson, touchpointJson } from './admin-json.ts'
import { adminPages } from './admin-pages.ts'
import { adminTargetsRoutes } from './admin-targets-routes.ts'
import { adminUnitsRoutes } from './admin-units-routes.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { readableRoots, readableUnit, requireAdmin, requireUser } from './auth.ts'
import { jsonBody } from './json-body.ts'
import { serviceBody, servicePatchBody, touchpointBody, touchpointPatchBody } from './schemas.ts'

export function adminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/api/v1/services', requireUser)
  app.use('/api/v1/services/*', requireUser)
  app.use('/api/v1/touchpoints', requireUser)
  app.use('/api/v1/touchpoints/*', requireUser)

  app.route('/', adminUnitsRoutes(deps))
  app.route('/', adminTargetsRoutes(deps))
  app.route('/', adminPages(deps))

  app.post('/api/v1/services', requireAdmin, async (c) => c.json(serviceJson(await addService(c, deps, await jsonBody(c, serviceBody))), 201))

  app.get('/api/v1/services', async (c) => c.json({ services: (await listServices(deps.db)).map(serviceJson) }))

  app.patch('/api/v1/services/:id', requireAdmin, async (c) => {
    const id = idParam(c, 'service_not_found')
    return c.json(serviceJson(await editService(c, deps, id, await jsonBody(c, servicePatchBody))))
  })

  app.post('/api/v1/touchpoints', async (c) => c.json(touchpointJson(await addTouchpoint(c, deps, await jsonBody(c, touchpointBody)), deps.config), 201))

  app.get('/api/v1/touchpoints', async (c) => {
    const raw = c.req.query('unit')
    if (raw !== undefined && !/^\d{1,12}$/.test(raw)) throw new AppError(404, 'unit_not_found')
    const roots = raw !== undefined ? [await readableUnit(c, deps, Number(raw))] : await readableRoots(c, deps)
    const list = (await Promise.all(roots.map((u) => listTouchpoints(deps.db, u.path)))).flat()
    return c.json({ touchpoints: list.map((tp) => touchpointJson(tp, deps.config)) })
  })

  app.patch('/api/v1/touchpoints/:id', async (c) => {
    const id = idParam(c, 'touchpoint_not_found')
    return c.json(touchpointJson(await editTouchpoint(c, deps, id, await jsonBody(c, touchpointPatchBody)), deps.config))
  })

  return app
}
