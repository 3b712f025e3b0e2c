/**
 * Daily counts of dossiers returned (store/transactions.ts):
 * POST /api/v1/transactions upserts them (all or none; sending a day again
 * replaces it), GET /api/v1/transactions reads a subtree's totals per unit
 * for a period with the sample each needs. Callers: an API client of the
 * subtree, its managers (POST) or readers (GET), administrators.
 */
import { Hono } from 'hono'
import { coverage } from '../domain/sample-size.ts'
import { AppError } from '../errors.ts'
import { getService } from '../store/services.ts'
import { transactionsByUnit, upsertTransactions, type TransactionCount } from '../store/transactions.ts'
import { assertCanManage, requireUser } from './auth.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { transactionsBody } from './integration-schemas.ts'
import { jsonBody } from './json-body.ts'
import { parseScopeQuery } from './results-query.ts'
import { unitByRef } from './tickets-routes.ts'

export function transactionsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.post('/api/v1/transactions', requireUser, async (c) => {
    const body = await jsonBody(c, transactionsBody)
    const items: TransactionCount[] = []
    for (const [index, it] of body.items.entries()) {
      try {
        const unit = await unitByRef(deps, it.unit)
        assertCanManage(c, unit)
        if (it.service != null && !(await getService(deps.db, it.service))) throw new AppError(404, 'service_not_found')
        items.push({ day: it.day, unitId: unit.id, serviceId: it.service ?? null, count: it.count })
      } catch (err) {
        if (err instanceof AppError) throw new AppError(err.status, err.code, err.params, { ...err.details, index })
        throw err
      }
    }
    await upsertTransactions(deps.db, items, c.get('apiClient')?.id ?? null)
    return c.json({ stored: items.length })
  })

  app.get('/api/v1/transactions', requireUser, async (c) => {
    const q = await parseScopeQuery(c, deps)
    const byUnit = await transactionsByUnit(deps.db, { unitPath: q.unit.path, from: q.from, to: q.to })
    const N = [...byUnit.values()].reduce((a, b) => a + b, 0)
    return c.json({ unit: q.unit.id, from: q.from, to: q.to, N, required_n: coverage(0, N).required_n, units: [...byUnit].map(([unit, n]) => ({ unit, N: n, required_n: coverage(0, n).required_n })) })
  })

  return app
}
