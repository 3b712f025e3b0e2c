/**
 * Period close: a unit's managers submit a finished month, quarter or year;
 * administrators (Sở Nội vụ) return it with a remark or approve it, which
 * freezes its figures (results/freeze.ts), and publish approved periods on
 * the public pages. Each action answers JSON, or, from the /periods page's
 * forms, redirects back to it.
 */
import { Hono, type Context } from 'hono'
import { localDay } from '../domain/local-day.ts'
import { parsePeriod, type Period } from '../domain/periods.ts'
import { AppError } from '../errors.ts'
import type { Unit } from '../db/schema.ts'
import { buildSnapshot } from '../results/freeze.ts'
import { nowIso } from '../store/clock.ts'
import { enqueueEvent } from '../store/webhooks.ts'
import { approveReview, getReview, listReviews, REVIEW_STATUSES, returnReview, setPublished, submitReview, type ReviewStatus } from '../store/period-reviews.ts'
import { getUnit, listSubtree } from '../store/units.ts'
import { PeriodsPage } from '../../web/pages/periods/periods-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { readBody } from './read-body.ts'
import { staffUser } from './staff-user.ts'
import { assertCanManage, readableRoots, requireAdmin, requireLoginPage, requireUser } from './auth.ts'
import { audit } from './audit.ts'

type C = Context<AppEnv>
const MAX_REMARK = 2000

const isForm = (c: C) => (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')

async function remarkOf(c: C): Promise<string | null> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim()
  const raw = await readBody(c)
  let remark: unknown = null
  if (type === 'application/x-www-form-urlencoded') remark = new URLSearchParams(raw).get('remark')
  else if (type === 'application/json' && raw) {
    try {
      remark = (JSON.parse(raw) as { remark?: unknown })?.remark ?? null
    } catch {
      throw new AppError(400, 'invalid_json')
    }
  }
  if (remark !== null && typeof remark !== 'string') throw new AppError(422, 'invalid_body', { detail: 'remark' })
  const text = remark?.trim() ?? ''
  if (text.length > MAX_REMARK) throw new AppError(422, 'invalid_body', { detail: 'remark' })
  return text || null
}

async function target(c: C, deps: AppDeps): Promise<{ unit: Unit; period: Period }> {
  const rawUnit = c.req.param('unit')!
  const unit = /^\d{1,12}$/.test(rawUnit) ? await getUnit(deps.db, Number(rawUnit)) : undefined
  if (!unit) throw new AppError(404, 'unit_not_found')
  const period = parsePeriod(c.req.param('period')!)
  if (!period || period.kind === 'custom') throw new AppError(400, 'invalid_query', { detail: 'period = YYYY-MM | YYYY-Qn | YYYY' })
  return { unit, period }
}

export function periodsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  /** Runs an action; a form goes back to /periods with ok= or err=, an API call gets the review. */
  const action = (verb: string, check: (c: C, unit: Unit) => void, run: (c: C, unit: Unit, period: Period) => Promise<void>) => async (c: C) => {
    const { unit, period } = await target(c, deps)
    check(c, unit)
    const back = (q: Record<string, string>) => c.redirect(`/periods?${new URLSearchParams({ unit: String(unit.id), ...q, lang: c.get('lang') })}`, 303)
    try {
      await run(c, unit, period)
    } catch (err) {
      if (isForm(c) && err instanceof AppError && err.status !== 401 && err.status !== 403) return back({ err: err.code })
      throw err
    }
    await audit(deps.db, c, `period.${verb}`, { type: 'unit', id: unit.id }, { period: period.key })
    if (isForm(c)) return back({ ok: period.key })
    return c.json(await getReview(deps.db, unit.id, period.key))
  }
  const manager = (c: C, unit: Unit) => assertCanManage(c, unit)
  const submit = async (c: C, unit: Unit, period: Period, remark: string | null) => {
    // Only a finished period can be closed.
    if (period.to >= localDay(new Date())) throw new AppError(409, 'period_not_over')
    if ((await submitReview(deps.db, unit.id, period.key, c.get('user')!.id, remark)) === 'approved') throw new AppError(409, 'period_approved')
  }

  // The page's form names the unit and period in its fields rather than the address.
  app.post('/periods/submit', requireUser, async (c) => {
    const form = new URLSearchParams(await readBody(c))
    const unit = /^\d{1,12}$/.test(form.get('unit') ?? '') ? await getUnit(deps.db, Number(form.get('unit'))) : undefined
    if (!unit) throw new AppError(404, 'unit_not_found')
    assertCanManage(c, unit)
    const period = parsePeriod(form.get('period')?.trim() ?? '')
    const back = (q: Record<string, string>) => c.redirect(`/periods?${new URLSearchParams({ ...q, lang: c.get('lang') })}`, 303)
    if (!period || period.kind === 'custom') return back({ err: 'invalid_period' })
    try {
      await submit(c, unit, period, form.get('remark')?.trim().slice(0, MAX_REMARK) || null)
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return back({ err: err.code })
      throw err
    }
    await audit(deps.db, c, 'period.submit', { type: 'unit', id: unit.id }, { period: period.key })
    return back({ ok: period.key })
  })
  const none = () => {}

  for (const base of ['/periods', '/api/v1/periods']) {
  app.post(`${base}/:unit/:period/submit`, requireUser, action('submit', manager, async (c, unit, period) => submit(c, unit, period, await remarkOf(c))))
  app.post(`${base}/:unit/:period/return`, requireAdmin, action('return', none, async (c, unit, period) => {
    const remark = await remarkOf(c)
    if (!remark) throw new AppError(422, 'invalid_body', { detail: 'remark' })
    const review = await getReview(deps.db, unit.id, period.key)
    if (!review || !(await returnReview(deps.db, review.id, c.get('user')!.id, remark))) throw new AppError(409, 'period_not_submitted')
  }))
  app.post(`${base}/:unit/:period/approve`, requireAdmin, action('approve', none, async (c, unit, period) => {
    await remarkOf(c)
    if (period.to >= localDay(new Date())) throw new AppError(409, 'period_not_over')
    if ((await getReview(deps.db, unit.id, period.key))?.status === 'approved') throw new AppError(409, 'period_approved')
    const at = nowIso()
    const user = c.get('user')!
    const snapshot = await buildSnapshot({ db: deps.db, surveys: deps.surveys, targets: deps.targets(), minN: deps.config.minN, suppressBelow: deps.config.suppressBelow }, unit, period, at, user.username)
    if ((await approveReview(deps.db, unit.id, period.key, user.id, at, JSON.stringify(snapshot))) === 'approved') throw new AppError(409, 'period_approved')
    await enqueueEvent(deps.db, 'period.approved', { unit_id: unit.id, unit_code: unit.code, period: period.key, from: period.from, to: period.to, approved_at: at })
  }))
  for (const [verb, published] of [['publish', true], ['unpublish', false]] as const) {
    app.post(`${base}/:unit/:period/${verb}`, requireAdmin, action(verb, none, async (c, unit, period) => {
      await remarkOf(c)
      const review = await getReview(deps.db, unit.id, period.key)
      if (!review || !(await setPublished(deps.db, review.id, c.get('user')!.id, published))) throw new AppError(409, 'period_not_approved')
    }))
  }
  }

  const visible = async (c: C, status: ReviewStatus | null) => {
    const access = c.get('access')
    return (await listReviews(deps.db, { status })).filter((r) => access.canRead({ path: r.unit_path }))
  }
  const statusParam = (c: C): ReviewStatus | null => {
    const s = c.req.query('status') || null
    if (s !== null && !(REVIEW_STATUSES as readonly string[]).includes(s)) throw new AppError(400, 'invalid_query', { detail: `status ∈ ${REVIEW_STATUSES.join('|')}` })
    return s as ReviewStatus | null
  }

  app.get('/api/v1/periods', requireUser, async (c) => {
    const items = await visible(c, statusParam(c))
    return c.json({ items: items.map(({ unit_path: _p, ...r }) => r) })
  })

  app.get('/periods', requireLoginPage, async (c) => {
    const roots = await readableRoots(c, deps)
    if (!roots.length) throw new AppError(403, 'no_role')
    const access = c.get('access')
    const units = (await Promise.all(roots.map((r) => listSubtree(deps.db, r)))).flat()
    const reviews = await visible(c, statusParam(c))
    const html = PeriodsPage({
      t: c.get('t'),
      lang: c.get('lang'),
      user: staffUser(c)!,
      today: localDay(new Date()),
      units: units.filter((u) => access.canManage(u)).map((u) => ({ id: u.id, name: u.name, depth: u.path.split('/').length - 3 })),
      reviews,
      admin: access.admin,
      ok: c.req.query('ok') ?? null,
      err: c.req.query('err') ?? null,
    })
    return c.html(renderPage(html))
  })

  return app
}
