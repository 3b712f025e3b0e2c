/**
 * GET /api/v1/results and the /dashboard page: both parse the same query and
 * read computeResults.
 */
import { Hono, type Context } from 'hono'
import { local } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { BREAKDOWNS, computeResults, type Breakdown, type ResultsJson } from '../results/compute-results.ts'
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
  const by = c.req.query('by') ?? defaults.by ?? null
  if (by !== null && !(BREAKDOWNS as readonly string[]).includes(by)) throw new AppError(400, 'invalid_query', { detail: `by ∈ ${BREAKDOWNS.join('|')}` })
  return { ...scope, by: by as Breakdown | null }
}

export function resultsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const resultsDeps = () => ({ db: deps.db, surveys: deps.surveys, targets: deps.targets(), minN: deps.config.minN })

  app.get('/api/v1/results', requireUser, async (c) => {
    const q = await parseQuery(c, deps, {})
    return c.json(await computeResults(resultsDeps(), { ...q, lang: c.get('lang') }))
  })

  app.get('/dashboard', requireLoginPage, async (c) => {
    const roots = await readableRoots(c, deps)
    if (!roots.length) throw new AppError(403, 'no_role')
    const q = await parseQuery(c, deps, { unit: roots[0], by: 'month' })
    const lang = c.get('lang')
    let results: ResultsJson | null = null
    let surveys: { id: string; title: string }[] | null = null
    try {
      results = await computeResults(resultsDeps(), { ...q, lang })
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'survey_required') throw err
      surveys = (err.details.surveys as string[]).map((id) => ({ id, title: local(deps.surveys.get(id)!.title, lang) }))
    }
    const all = (await Promise.all(roots.map((r) => listSubtree(deps.db, r)))).flat()
    const units = all.map((u) => ({ id: u.id, name: u.name, depth: u.path.split('/').length - 3 }))
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
      query: { unit: q.unit.id, from: q.from, to: q.to, by: q.by ?? 'month', survey: q.surveyId },
      results,
      surveys,
      touchpoints,
    })
    return c.html(renderPage(page))
  })

  return app
}
