/**
 * GET /api/v1/results and the /dashboard page: both parse the same query and
 * read computeResults. The API gives administrators the numbers of
 * suppressed figures (flagged); everyone else, and every page, gets them blanked.
 */
import { Hono, type Context } from 'hono'
import { localDay } from '../domain/local-day.ts'
import { periodContaining } from '../domain/periods.ts'
import { local } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { BREAKDOWNS, computeResults, type Breakdown, type ResultsJson } from '../results/compute-results.ts'
import { surveysInScope } from '../store/scope-tallies.ts'
import { frozenPeriod, frozenResults } from '../results/freeze.ts'
import { listTouchpoints } from '../store/touchpoints.ts'
import { listSubtree } from '../store/units.ts'
import type { Unit } from '../db/schema.ts'
import { DashboardPage } from '../../web/pages/dashboard-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { parseScopeQuery } from './results-query.ts'
import { staffUser } from './staff-user.ts'
import { readableRoots, requireLoginPage, requireUser } from './auth.ts'

async function parseQuery(c: Context<AppEnv>, deps: AppDeps, defaults: { unit?: Unit; by?: Breakdown }) {
  const scope = await parseScopeQuery(c, deps, defaults)
  const by = c.req.query('by') || defaults.by || null
  if (by !== null && !(BREAKDOWNS as readonly string[]).includes(by)) throw new AppError(400, 'invalid_query', { detail: `by ∈ ${BREAKDOWNS.join('|')}` })
  const compare = c.req.query('compare')
  if (compare !== undefined && compare !== '' && compare !== 'previous') throw new AppError(400, 'invalid_query', { detail: 'compare = previous' })
  const include = c.req.query('include')
  if (include !== undefined && include !== '' && include !== 'included' && include !== 'all') throw new AppError(400, 'invalid_query', { detail: 'include ∈ included|all' })
  const verified = c.req.query('verified')
  if (verified !== undefined && verified !== '' && verified !== 'only') throw new AppError(400, 'invalid_query', { detail: 'verified = only' })
  return { ...scope, by: by as Breakdown | null, compare: compare === 'previous', includeFlagged: include === 'all', verifiedOnly: verified === 'only' }
}

export function resultsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const resultsDeps = () => ({ db: deps.db, surveys: deps.surveys, targets: deps.targets(), minN: deps.config.minN, suppressBelow: deps.config.suppressBelow })

  /** An approved period's frozen figures (unless live=1 or flagged responses are asked for), else the live ones. */
  const figures = async (q: Awaited<ReturnType<typeof parseQuery>>, lang: string, reveal: boolean, live: boolean) => {
    const frozen = live || q.includeFlagged || q.verifiedOnly ? null : await frozenPeriod(deps.db, q.unit.id, q.period)
    const stored = frozen ? frozenResults(frozen, { surveyId: q.surveyId, by: q.by, compare: q.compare, reveal, lang, suppressBelow: deps.config.suppressBelow }) : null
    return stored ?? computeResults(resultsDeps(), { ...q, lang, reveal })
  }

  app.get('/api/v1/results', requireUser, async (c) => {
    const q = await parseQuery(c, deps, {})
    return c.json(await figures(q, c.get('lang'), c.get('access').admin, c.req.query('live') === '1'))
  })

  app.get('/dashboard', requireLoginPage, async (c) => {
    const roots = await readableRoots(c, deps)
    if (!roots.length) throw new AppError(403, 'no_role')
    const q = await parseQuery(c, deps, { unit: roots[0], by: 'month' })
    const today = localDay(new Date())
    // With no period in the address the dashboard opens on this year, a period with previous/next neighbours.
    const explicit = ['period', 'from', 'to'].some((k) => c.req.query(k))
    const period = explicit ? q.period : periodContaining('year', today)
    const lang = c.get('lang')
    const scope = { ...q, period, from: period.from, to: period.to, compare: true }
    let results: ResultsJson | null = null
    let choices: string[] = []
    try {
      // The page never shows a suppressed figure's numbers, not even to administrators.
      results = await figures(scope, lang, false, false)
      choices = await surveysInScope(deps.db, { unitPath: q.unit.path, from: period.from, to: period.to })
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'survey_required') throw err
      choices = err.details.surveys as string[]
    }
    const depth = (u: Unit) => u.path.split('/').length
    // Indented under each readable root, whatever its depth in the province.
    const units = (await Promise.all(roots.map(async (r) => (await listSubtree(deps.db, r)).map((u) => ({ id: u.id, name: u.name, depth: depth(u) - depth(r) }))))).flat()
    const touchpoints = (await listTouchpoints(deps.db, q.unit.path)).slice(0, 200).map((tp) => ({
      code: tp.code,
      label: tp.label,
      unit: tp.unit_name,
      survey: local(deps.surveys.get(tp.survey_id)?.title ?? { vi: tp.survey_id, en: tp.survey_id }, lang),
    }))
    const page = DashboardPage({
      t: c.get('t'),
      lang,
      user: staffUser(c)!,
      units,
      query: { unit: q.unit.id, period, by: q.by ?? 'month', survey: q.surveyId, verified: q.verifiedOnly },
      today,
      results,
      surveys: choices.filter((id) => deps.surveys.has(id)).map((id) => ({ id, title: local(deps.surveys.get(id)!.title, lang) })),
      touchpoints,
    })
    return c.html(renderPage(page))
  })

  return app
}
