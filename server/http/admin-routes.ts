/**
 * The unit tree, services and touchpoints: administrators change the tree and
 * the services; a unit's managers create its touchpoints; anyone with a role
 * lists what lies in their subtrees.
 */
import { Hono } from 'hono'
import type { Config } from '../config.ts'
import type { Service, Touchpoint, Unit } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { createService, getService, listServices } from '../store/services.ts'
import { createTouchpoint, listTouchpoints } from '../store/touchpoints.ts'
import { createUnit, findUnitByCode, getUnit, listSubtree } from '../store/units.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { assertCanManage, readableRoots, readableUnit, requireAdmin, requireUser } from './auth.ts'
import { jsonBody } from './json-body.ts'
import { serviceBody, touchpointBody, unitBody } from './schemas.ts'

export const unitJson = (u: Unit) => ({ id: u.id, name: u.name, type: u.type, sector: u.sector, parent: u.parent_id, code: u.code, path: u.path })
export const serviceJson = (s: Service) => ({ id: s.id, name: s.name, sector: s.sector, code: s.code })

/** A touchpoint record with the addresses of its survey, QR codes and poster. */
export function touchpointJson(tp: Touchpoint, config: Pick<Config, 'publicUrl'>) {
  const base = config.publicUrl
  return {
    id: tp.id,
    code: tp.code,
    unit: tp.unit_id,
    service: tp.service_id,
    survey: tp.survey_id,
    label: tp.label,
    urls: {
      survey: `${base}/s/${tp.code}`,
      qr_svg: `${base}/qr/${tp.code}.svg`,
      qr_png: `${base}/qr/${tp.code}.png`,
      poster: `${base}/poster/${tp.code}`,
    },
  }
}

export function adminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/api/v1/units', requireUser)
  app.use('/api/v1/services', requireUser)
  app.use('/api/v1/touchpoints', requireUser)

  app.post('/api/v1/units', requireAdmin, async (c) => {
    const b = await jsonBody(c, unitBody)
    if (b.parent != null && !(await getUnit(deps.db, b.parent))) throw new AppError(404, 'unit_not_found')
    if (b.code && (await findUnitByCode(deps.db, b.code))) throw new AppError(409, 'code_taken')
    const unit = await createUnit(deps.db, { name: b.name, type: b.type, sector: b.sector ?? null, parentId: b.parent ?? null, code: b.code ?? null })
    return c.json(unitJson(unit), 201)
  })

  app.get('/api/v1/units', async (c) => {
    const roots = await readableRoots(c, deps)
    const units = (await Promise.all(roots.map((r) => listSubtree(deps.db, r)))).flat()
    return c.json({ units: units.map(unitJson) })
  })

  app.post('/api/v1/services', requireAdmin, async (c) => {
    const b = await jsonBody(c, serviceBody)
    return c.json(serviceJson(await createService(deps.db, { name: b.name, sector: b.sector, code: b.code ?? null })), 201)
  })

  app.get('/api/v1/services', async (c) => c.json({ services: (await listServices(deps.db)).map(serviceJson) }))

  app.post('/api/v1/touchpoints', async (c) => {
    const b = await jsonBody(c, touchpointBody)
    const unit = await getUnit(deps.db, b.unit)
    if (!unit) throw new AppError(404, 'unit_not_found')
    assertCanManage(c, unit)
    if (!deps.surveys.has(b.survey)) throw new AppError(404, 'survey_not_found')
    if (b.service != null && !(await getService(deps.db, b.service))) throw new AppError(404, 'service_not_found')
    const tp = await createTouchpoint(deps.db, { unitId: b.unit, serviceId: b.service ?? null, surveyId: b.survey, label: b.label })
    return c.json(touchpointJson(tp, deps.config), 201)
  })

  app.get('/api/v1/touchpoints', async (c) => {
    const raw = c.req.query('unit')
    if (raw !== undefined && !/^\d{1,12}$/.test(raw)) throw new AppError(404, 'unit_not_found')
    const roots = raw !== undefined ? [await readableUnit(c, deps, Number(raw))] : await readableRoots(c, deps)
    const list = (await Promise.all(roots.map((u) => listTouchpoints(deps.db, u.path)))).flat()
    return c.json({ touchpoints: list.map((tp) => touchpointJson(tp, deps.config)) })
  })

  return app
}
