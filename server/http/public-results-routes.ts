/**
 * The public results, no login: GET /public (the units with published
 * periods, as a tree), GET /public/units/:id (one unit's published periods
 * and the units below it) and GET /api/v1/public/results (the same as JSON).
 * Only periods approved and published by Sở Nội vụ, from their frozen
 * snapshots, with small numbers hidden (results/public-figures.ts).
 */
import { readFileSync } from 'node:fs'
import { Hono, type Context } from 'hono'
import { parsePeriod } from '../domain/periods.ts'
import { local } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { publicUnits, publishedPeriods, type PublicFigure, type PublicPeriod, type PublicUnit } from '../results/public-figures.ts'
import { periodLabel } from '../../web/pages/dashboard/format.tsx'
import { PublicIndexPage } from '../../web/pages/public/public-index-page.tsx'
import { PublicUnitPage, type PublicUnitSurvey } from '../../web/pages/public/public-unit-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { fromRoot } from '../paths.ts'

type C = Context<AppEnv>

/** A unit with at least one published figure; 404 for anything else, so unpublished units cannot be told from missing ones. */
function publicUnit(units: PublicUnit[], raw: string): PublicUnit {
  if (!/^\d{1,12}$/.test(raw)) throw new AppError(400, 'invalid_query', { detail: 'unit' })
  const unit = units.find((u) => u.id === Number(raw))
  if (!unit) throw new AppError(404, 'unit_not_found')
  return unit
}

const own = (p: PublicPeriod, unitId: number) => p.figures.filter((f) => f.unit_id === unitId)
const below = (p: PublicPeriod, unitId: number) => p.figures.filter((f) => f.parent_id === unitId)

export function publicResultsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const load = async () => {
    const periods = await publishedPeriods(deps.db, deps.config.suppressBelow)
    return { periods, units: publicUnits(periods) }
  }
  const surveyTitle = (id: string, lang: string) => {
    const def = deps.surveys.get(id)
    return def ? local(def.title, lang) : id
  }
  const nocache = { 'cache-control': 'no-cache' }

  app.get('/public', async (c) => {
    const { units } = await load()
    return c.html(renderPage(PublicIndexPage({ t: c.get('t'), lang: c.get('lang'), units, suppressBelow: deps.config.suppressBelow })), 200, nocache)
  })

  app.get('/public/units/:id', async (c: C) => {
    const { periods, units } = await load()
    const unit = publicUnit(units, c.req.param('id')!)
    const t = c.get('t')
    const lang = c.get('lang')
    const label = (key: string) => periodLabel(t, parsePeriod(key)!)
    const mine = periods.filter((p) => own(p, unit.id).length)
    const surveyIds = [...new Set(mine.flatMap((p) => own(p, unit.id).map((f) => f.survey_id)))].sort()
    const surveys: PublicUnitSurvey[] = surveyIds.map((id) => ({
      id,
      title: surveyTitle(id, lang),
      periods: mine.flatMap((p) => own(p, unit.id).filter((f) => f.survey_id === id).map((fig) => ({ key: p.key, label: label(p.key), fig }))),
    }))
    const withChildren = mine.filter((p) => below(p, unit.id).length)
    const asked = c.req.query('period')
    const chosen = withChildren.find((p) => p.key === asked) ?? withChildren.at(-1) ?? null
    const byId = new Map(units.map((u) => [u.id, u]))
    const children = chosen
      ? below(chosen, unit.id)
          .map((fig) => ({ unit: byId.get(fig.unit_id)!, survey: fig.survey_id, fig }))
          .sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'vi') || a.survey.localeCompare(b.survey))
      : []
    const page = PublicUnitPage({
      t,
      lang,
      unit,
      parent: unit.parent_id === null ? null : (byId.get(unit.parent_id) ?? null),
      surveys,
      period: chosen ? { key: chosen.key, label: label(chosen.key) } : null,
      periodChoices: withChildren.map((p) => ({ key: p.key, label: label(p.key) })),
      children,
      suppressBelow: deps.config.suppressBelow,
    })
    return c.html(renderPage(page), 200, nocache)
  })

  app.get('/api/v1/public/results', async (c) => {
    const { periods, units } = await load()
    const lang = c.get('lang')
    const raw = c.req.query('unit')
    if (raw === undefined || raw === '') {
      return c.json({ suppress_below: deps.config.suppressBelow, units, periods: periods.map(({ figures: _f, ...p }) => p) }, 200, nocache)
    }
    const unit = publicUnit(units, raw)
    const shape = (f: PublicFigure) => ({ unit: { id: f.unit_id, name: f.name }, survey: { id: f.survey_id, title: surveyTitle(f.survey_id, lang) }, n: f.n, index: f.index, ci: f.ci, target: f.target, verdict: f.verdict, hidden: f.hidden })
    return c.json(
      {
        suppress_below: deps.config.suppressBelow,
        unit,
        periods: periods
          .filter((p) => own(p, unit.id).length)
          .map((p) => ({ key: p.key, from: p.from, to: p.to, approved_at: p.approved_at, published_at: p.published_at, figures: own(p, unit.id).map(shape), below: below(p, unit.id).map(shape) })),
      },
      200,
      nocache,
    )
  })

  let css: string | undefined
  app.get('/static/public.css', (c) =>
    c.body((css ??= readFileSync(fromRoot('web/styles/public.css'), 'utf8')), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  )

  return app
}
