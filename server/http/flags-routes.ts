/**
 * Flagged responses and the privacy settings, for administrators:
 * GET /api/v1/flags lists what the rules left out in a unit and period,
 * POST /api/v1/flags/:id/review records a verdict (the rollups follow in the
 * same transaction), GET/PATCH /api/v1/settings read and set the retention
 * period; /admin/flags is the page for all of it.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { localDay } from '../domain/local-day.ts'
import { AppError } from '../errors.ts'
import { findFlagged, listFlagged, reviewFlagged, type ReviewVerdict } from '../store/flags.ts'
import { MIN_RETENTION_MONTHS, retentionMonths, setSetting } from '../store/settings.ts'
import { listSubtree } from '../store/units.ts'
import { renderPage } from '../../web/pages/render.ts'
import { FlagsPage, type FlagState } from '../../web/pages/admin/flags-page.tsx'
import { flashOf, formAction, num, parseForm, readForm, text } from './admin-forms.ts'
import { idParam } from './admin-json.ts'
import { audit } from './audit.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { assertCanManage, readableRoots, requireAdmin, requireLoginPage } from './auth.ts'
import { jsonBody } from './json-body.ts'
import { parseScopeQuery } from './results-query.ts'
import { staffUser } from './staff-user.ts'

type C = Context<AppEnv>

export const reviewBody = z.object({ verdict: z.enum(['genuine', 'excluded']).describe('genuine: count it again; excluded: keep it out of the figures') }).strict()
export const settingsBody = z.object({ retention_months: z.number().int().min(MIN_RETENTION_MONTHS).max(1200).describe('Months raw answers are kept; older ones are deleted by `npm run retention`, their sums stay in the rollups') }).strict()

const LIMIT = 500
const STATES: readonly FlagState[] = ['pending', 'reviewed', 'all']

export function flagsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  const query = async (c: C) => {
    const roots = await readableRoots(c, deps)
    const scope = await parseScopeQuery(c, deps, { unit: roots[0] })
    const raw = c.req.query('state') || 'all'
    if (!(STATES as readonly string[]).includes(raw)) throw new AppError(400, 'invalid_query', { detail: 'state ∈ pending|reviewed|all' })
    return { ...scope, state: raw as FlagState }
  }

  const review = async (c: C, id: number, verdict: ReviewVerdict) => {
    const found = await findFlagged(deps.db, id)
    if (!found) throw new AppError(404, 'flag_not_found')
    assertCanManage(c, { path: found.unit_path })
    const user = c.get('user')!
    return deps.db.transaction().execute(async (trx) => {
      const status = await reviewFlagged(trx, deps, id, verdict, user.id)
      await audit(trx, c, 'flag.review', { type: 'response', id }, { verdict })
      return status
    })
  }

  app.get('/api/v1/flags', requireAdmin, async (c) => {
    const q = await query(c)
    const items = await listFlagged(deps.db, { unitPath: q.unit.path, from: q.from, to: q.to, state: q.state, limit: LIMIT })
    return c.json({ unit: { id: q.unit.id, name: q.unit.name }, from: q.from, to: q.to, state: q.state, items })
  })

  app.post('/api/v1/flags/:id/review', requireAdmin, async (c) => {
    const id = idParam(c, 'flag_not_found')
    const { verdict } = await jsonBody(c, reviewBody)
    return c.json({ id, status: await review(c, id, verdict) })
  })

  app.get('/api/v1/settings', requireAdmin, async (c) => c.json({ retention_months: await retentionMonths(deps.db) }))

  app.patch('/api/v1/settings', requireAdmin, async (c) => {
    const b = await jsonBody(c, settingsBody)
    await setSetting(deps.db, 'retention_months', String(b.retention_months))
    await audit(deps.db, c, 'settings.update', null, { ...b })
    return c.json({ retention_months: await retentionMonths(deps.db) })
  })

  app.get('/admin/flags', requireLoginPage, requireAdmin, async (c) => {
    const q = await query(c)
    const roots = await readableRoots(c, deps)
    const depth = (path: string) => path.split('/').length
    const units = (await Promise.all(roots.map(async (r) => (await listSubtree(deps.db, r)).map((u) => ({ id: u.id, name: u.name, depth: depth(u.path) - depth(r.path) }))))).flat()
    const items = await listFlagged(deps.db, { unitPath: q.unit.path, from: q.from, to: q.to, state: q.state, limit: LIMIT })
    const back = `/admin/flags?${new URLSearchParams({ unit: String(q.unit.id), period: q.period.key, state: q.state })}`
    return c.html(
      renderPage(
        FlagsPage({
          t: c.get('t'),
          lang: c.get('lang'),
          user: staffUser(c)!,
          flash: flashOf(c),
          units,
          unit: q.unit.id,
          period: q.period,
          today: localDay(new Date()),
          state: q.state,
          items,
          limit: LIMIT,
          retentionMonths: await retentionMonths(deps.db),
          back,
        }),
      ),
    )
  })

  /** Back to the list the verdict came from; only our own page. */
  const backTo = (c: C) => {
    const back = c.req.query('back') ?? ''
    return back.startsWith('/admin/flags?') || back === '/admin/flags' ? back : '/admin/flags'
  }

  app.post(
    '/admin/flags/:id/review',
    requireAdmin,
    formAction(backTo, async (c) => {
      const { verdict } = parseForm(reviewBody, { verdict: text(await readForm(c), 'verdict') })
      await review(c, idParam(c, 'flag_not_found'), verdict)
      return { ok: 'saved' }
    }),
  )

  app.post(
    '/admin/settings',
    requireAdmin,
    formAction(
      () => '/admin/flags',
      async (c) => {
        const b = parseForm(settingsBody, { retention_months: num(await readForm(c), 'retention_months') })
        await setSetting(deps.db, 'retention_months', String(b.retention_months))
        await audit(deps.db, c, 'settings.update', null, { ...b })
        return { ok: 'saved' }
      },
    ),
  )

  return app
}
