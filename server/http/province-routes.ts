/**
 * GET /api/v1/results/units and the /province page: every unit of a subtree
 * against its target, from unitTable. Any signed-in user, on a subtree they read.
 */
import { Hono, type Context } from 'hono'
import { localDay } from '../domain/local-day.ts'
import { local, SECTORS, type Sector } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { SORT_KEYS, unitTable, VERDICT_FILTERS, type SortKey, type VerdictFilter } from '../results/unit-table.ts'
import { listSubtree } from '../store/units.ts'
import { ProvincePage } from '../../web/pages/province-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { parseScopeQuery } from './results-query.ts'
import { staffUser } from './staff-user.ts'
import { readableRoots, requireLoginPage, requireUser } from './auth.ts'

function oneOf<T extends string>(c: Context<AppEnv>, name: string, allowed: readonly T[]): T | null {
  const v = c.req.query(name)
  if (!v) return null
  if (!(allowed as readonly string[]).includes(v)) throw new AppError(400, 'invalid_query', { detail: `${name} ∈ ${allowed.join('|')}` })
  return v as T
}

async function parseQuery(c: Context<AppEnv>, deps: AppDeps) {
  const roots = await readableRoots(c, deps)
  if (!roots.length) throw new AppError(403, 'no_role')
  const scope = await parseScopeQuery(c, deps, { unit: roots[0] })
  const type = c.req.query('type') || null
  if (type !== null && type.length > 100) throw new AppError(400, 'invalid_query', { detail: 'type' })
  return {
    ...scope,
    roots,
    sector: oneOf<Sector>(c, 'sector', SECTORS),
    type,
    verdict: oneOf<VerdictFilter>(c, 'verdict', VERDICT_FILTERS),
    sort: oneOf<SortKey>(c, 'sort', SORT_KEYS) ?? 'unit',
    dir: oneOf(c, 'dir', ['asc', 'desc'] as const) ?? 'asc',
    verifiedOnly: oneOf(c, 'verified', ['only'] as const) === 'only',
  }
}

export function provinceRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const tableDeps = () => ({ db: deps.db, surveys: deps.surveys, targets: deps.targets(), minN: deps.config.minN, suppressBelow: deps.config.suppressBelow })

  app.get('/api/v1/results/units', requireUser, async (c) => {
    const q = await parseQuery(c, deps)
    const table = await unitTable(tableDeps(), { ...q, lang: c.get('lang'), revealSuppressed: c.get('access').admin })
    return c.json({ unit: { id: q.unit.id, name: q.unit.name }, period: q.period.key, from: q.from, to: q.to, verified: { only: q.verifiedOnly }, ...table })
  })

  app.get('/province', requireLoginPage, async (c) => {
    const q = await parseQuery(c, deps)
    const lang = c.get('lang')
    // Like the dashboard, the page never shows a suppressed figure's numbers, not even to administrators.
    const table = await unitTable(tableDeps(), { ...q, lang, revealSuppressed: false })
    const all = (await Promise.all(q.roots.map((r) => listSubtree(deps.db, r)))).flat()
    const inScope = all.filter((u) => u.path.startsWith(q.unit.path))
    const page = ProvincePage({
      t: c.get('t'),
      lang,
      user: staffUser(c)!,
      today: localDay(new Date()),
      units: all.map((u) => ({ id: u.id, name: u.name, depth: u.path.split('/').length - 3 })),
      surveys: [...deps.surveys.values()].map((s) => ({ id: s.id, title: local(s.title, lang) })),
      types: [...new Set(inScope.map((u) => u.type))].sort(),
      query: { unit: q.unit.id, period: q.period, survey: q.surveyId, sector: q.sector, type: q.type, verdict: q.verdict, sort: q.sort, dir: q.dir, verified: q.verifiedOnly },
      rows: table.rows,
      distribution: table.distribution,
    })
    return c.html(renderPage(page))
  })

  return app
}
