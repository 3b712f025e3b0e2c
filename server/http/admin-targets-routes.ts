/**
 * Targets: anyone signed in reads them, each with its period and source;
 * administrators add, correct and remove them. The shipped defaults stay as
 * the plans state them: a new target with its own start supersedes one.
 */
import { Hono } from 'hono'
import { targetPeriods, type TargetPeriod } from '../domain/target-periods.ts'
import { listTargets } from '../store/targets.ts'
import { addTarget, editTarget, isDefaultTarget, removeTarget } from './admin-actions.ts'
import { idParam } from './admin-json.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { requireAdmin, requireUser } from './auth.ts'
import { jsonBody } from './json-body.ts'
import { targetBody, targetPatchBody } from './schemas.ts'

const targetJson = ({ target: t, validTo }: TargetPeriod) => ({
  id: t.id,
  sector: t.sector,
  unit: t.unitId,
  threshold: t.threshold,
  valid_from: t.validFrom,
  valid_to: validTo,
  source: t.source,
  default: isDefaultTarget(t),
})

export function adminTargetsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const withPeriod = async (id: number) => targetPeriods(await listTargets(deps.db)).find((p) => p.target.id === id)!

  app.get('/api/v1/targets', requireUser, async (c) => c.json({ targets: targetPeriods(await listTargets(deps.db)).map(targetJson) }))

  app.post('/api/v1/targets', requireAdmin, async (c) => {
    const target = await addTarget(c, deps, await jsonBody(c, targetBody))
    return c.json(targetJson(await withPeriod(target.id!)), 201)
  })

  app.patch('/api/v1/targets/:id', requireAdmin, async (c) => {
    const id = idParam(c, 'target_not_found')
    await editTarget(c, deps, id, await jsonBody(c, targetPatchBody))
    return c.json(targetJson(await withPeriod(id)))
  })

  app.delete('/api/v1/targets/:id', requireAdmin, async (c) => {
    await removeTarget(c, deps, idParam(c, 'target_not_found'))
    return c.body(null, 204)
  })

  return app
}
