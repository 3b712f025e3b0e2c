/**
 * GET /api/v1/results and the /dashboard page: both parse the same query and
 * read computeResults.
 */
import { Hono, type Context } from 'hono'
import { isDay, localDay } from '../domain/local-day.ts'
import { local } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { BREAKDOWNS, computeResults, type Breakdown, type ResultsJson } from '../results/compute-results.ts'
import { listTouchpoints } from '../store/touchpoints.ts'
import { listSubtree } from '../store/units.ts'
import type { Unit } from '../db/schema.ts'
import { DashboardPage } from '../../web/pages/dashboard-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { readableRoots, readableUnit, requireLoginPage, requireUser } from './auth.ts'

interface ParsedQuery {
  unit: Unit
  from: string
  to: string
  by: Breakdown | null
  surveyId: string | null
}

const MAX_DAYS = 3700

async function parseQuery(c: Context<AppEnv>, deps: AppDeps, defaults: { unit?: Unit; by?: Breakdown }): Promise<ParsedQuery> {
  const q = (name: string) => c.req.query(name)
  const invalid = (detail: string) => new AppError(400, 'invalid_query', { detail })
  const rawUnit = q('unit')
  let unit = defaults.unit
  if (rawUnit !== undefined) {
    if (!/^\d{1,12}$/.test(rawUnit)) throw invalid('unit')
    unit = await readableUnit(c, deps, Number(rawUnit))
  }
  if (!unit) throw invalid('unit')
  const today = localDay(new Date())
  const to = q('to') ?? today
  const from = q('from') ?? `${to.slice(0, 4)}-01-01`
  if (!isDay(from)) throw invalid('from')
  if (!isDay(to)) throw invalid('to')
  if (from > to) throw invalid('from > to')
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) throw invalid('to − from ≤ 10 years')
  const by = q('by') ?? defaults.by ?? null
  if (by !== null && !(BREAKDOWNS as readonly string[]).includes(by)) throw invalid(`by ∈ ${BREAKDOWNS.join('|')}`)
  const surveyId = q('survey') || null
  if (surveyId !== null && !deps.surveys.has(surveyId)) throw new AppError(404, 'survey_not_found')
  return { unit, from, to, by: by as Breakdown | null, surveyId }
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
      user: c.get('user')!.username,
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
