/**
 * The audit log, for administrators only: GET /api/v1/audit and the
 * /admin/audit page, newest first, filtered by days, user and action, paged
 * by the id of the last entry shown (keyset: stable while entries arrive).
 */
import { Hono, type Context } from 'hono'
import { addDays, isDay, localDay } from '../domain/local-day.ts'
import { AppError } from '../errors.ts'
import { listAudit, type AuditQuery, type AuditRow } from '../store/audit.ts'
import { AuditPage } from '../../web/pages/admin/audit-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { requireAdmin, requireLoginPage } from './auth.ts'
import { staffUser } from './staff-user.ts'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 200

/** What the address asked for, as typed (the page fills its form back in). */
export interface AuditFilter {
  from: string
  to: string
  user: string
  action: string
}

/** The start of a local day (UTC+7) as the ISO instant stored in `at`. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString()

function parseQuery(c: Context<AppEnv>): { filter: AuditFilter; query: AuditQuery } {
  const bad = (detail: string) => new AppError(400, 'invalid_query', { detail })
  const filter: AuditFilter = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '', user: (c.req.query('user') ?? '').trim().toLowerCase(), action: c.req.query('action') ?? '' }
  if (filter.from && !isDay(filter.from)) throw bad('from')
  if (filter.to && !isDay(filter.to)) throw bad('to')
  if (filter.user.length > 64) throw bad('user')
  if (filter.action && !/^[a-z][a-z_.]{0,60}$/.test(filter.action)) throw bad('action')
  const rawBefore = c.req.query('before')
  if (rawBefore !== undefined && !/^\d{1,12}$/.test(rawBefore)) throw bad('before')
  const rawLimit = c.req.query('limit')
  const limit = rawLimit === undefined ? DEFAULT_LIMIT : Number(rawLimit)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw bad(`limit = 1…${MAX_LIMIT}`)
  return {
    filter,
    query: {
      from: filter.from ? dayStart(filter.from) : null,
      to: filter.to ? dayStart(addDays(filter.to, 1)) : null,
      username: filter.user || null,
      action: filter.action || null,
      before: rawBefore === undefined ? null : Number(rawBefore),
      limit,
    },
  }
}

const entryJson = (r: AuditRow) => ({
  id: r.id,
  at: r.at,
  user: r.user_id === null && r.username === null ? null : { id: r.user_id, username: r.username },
  action: r.action,
  target: r.target_type === null ? null : { type: r.target_type, id: r.target_id },
  detail: r.detail,
  client: r.client_key,
})

export function auditRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/api/v1/audit', requireAdmin, async (c) => {
    const { query } = parseQuery(c)
    const page = await listAudit(deps.db, query)
    return c.json({ items: page.items.map(entryJson), next: page.next === null ? null : String(page.next) })
  })

  app.get('/admin/audit', requireLoginPage, requireAdmin, async (c) => {
    const { filter, query } = parseQuery(c)
    const page = await listAudit(deps.db, query)
    return c.html(renderPage(AuditPage({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c)!, filter, limit: query.limit, items: page.items, next: page.next, today: localDay(new Date()) })))
  })

  return app
}
