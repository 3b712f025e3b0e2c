/**
 * The unit tree API (administrators change it; anyone with a role lists their
 * subtrees): create, edit and move, close and reopen, and import a CSV list.
 */
import { Hono } from 'hono'
import { addUnit, closeUnit, editUnit, importUnitCsv } from './admin-actions.ts'
import { idParam, readableUnits, unitJson } from './admin-json.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { requireAdmin, requireUser } from './auth.ts'
import { jsonBody } from './json-body.ts'
import { readBody, requireContentType } from './read-body.ts'
import { unitBody, unitCloseBody, unitPatchBody } from './schemas.ts'

/** A province's unit list fits in far less; the JSON routes keep the 16 KiB default. */
export const CSV_LIMIT = 2 * 1024 * 1024

export function adminUnitsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/api/v1/units', requireUser, async (c) => c.json({ units: (await readableUnits(c, deps)).map(unitJson) }))

  app.post('/api/v1/units', requireAdmin, async (c) => c.json(unitJson(await addUnit(c, deps, await jsonBody(c, unitBody))), 201))

  app.post('/api/v1/units/import', requireAdmin, async (c) => {
    requireContentType(c, 'text/csv')
    const dryRun = c.req.query('dry_run') === '1'
    const created = await importUnitCsv(c, deps, await readBody(c, CSV_LIMIT), dryRun)
    return c.json({ dry_run: dryRun, created }, dryRun ? 200 : 201)
  })

  app.patch('/api/v1/units/:id', requireAdmin, async (c) => {
    const id = idParam(c, 'unit_not_found')
    return c.json(unitJson(await editUnit(c, deps, id, await jsonBody(c, unitPatchBody))))
  })

  app.post('/api/v1/units/:id/close', requireAdmin, async (c) => {
    const id = idParam(c, 'unit_not_found')
    return c.json(unitJson(await closeUnit(c, deps, id, (await jsonBody(c, unitCloseBody)).on)))
  })

  return app
}
