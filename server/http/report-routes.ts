/**
 * GET /reports/units/:id?period=…&survey=…: the printable report of a
 * unit's subtree for a period (results/period-report.ts), for staff who
 * read the unit. Prints to A4 from the browser (web/styles/report.css).
 */
import { readFileSync } from 'node:fs'
import { Hono } from 'hono'
import { addDays, localDay } from '../domain/local-day.ts'
import { local } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { periodReport } from '../results/period-report.ts'
import { ancestryOf, getUnit } from '../store/units.ts'
import { ReportPage } from '../../web/pages/report/report-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { parseScopeQuery } from './results-query.ts'
import { readableUnit, requireLoginPage } from './auth.ts'
import { fromRoot } from '../paths.ts'

export function reportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/reports/units/:id', requireLoginPage, async (c) => {
    const raw = c.req.param('id')
    if (!/^\d{1,12}$/.test(raw)) throw new AppError(404, 'unit_not_found')
    const unit = await readableUnit(c, deps, Number(raw))
    // The unit is the one in the address; a ?unit= is not a second way in.
    const scope = await parseScopeQuery(c, deps, { unit })
    if (scope.unit.id !== unit.id) throw new AppError(400, 'invalid_query', { detail: 'unit' })
    const lang = c.get('lang')
    const today = localDay(new Date())
    const report = await periodReport(
      { db: deps.db, surveys: deps.surveys, targets: deps.targets(), minN: deps.config.minN, suppressBelow: deps.config.suppressBelow },
      { unit, period: scope.period, surveyId: scope.surveyId, lang, commentsUntil: addDays(today, -1) },
    )
    const surveyIds = [...new Set(report.rows.map((r) => r.survey.id))]
    const surveys = surveyIds.flatMap((id) => {
      const def = deps.surveys.get(id)
      return def ? [{ id, title: local(def.title, lang), method: def.index.method }] : []
    })
    const rootId = ancestryOf(unit)[0]
    const root = rootId !== undefined && rootId !== unit.id ? await getUnit(deps.db, rootId) : undefined
    const page = ReportPage({
      t: c.get('t'),
      lang,
      unit: { id: unit.id, name: unit.name, code: unit.code },
      province: root?.name ?? null,
      period: scope.period,
      surveyId: scope.surveyId,
      surveys,
      madeOn: today,
      minN: deps.config.minN,
      suppressBelow: deps.config.suppressBelow,
      report,
    })
    return c.html(renderPage(page), 200, { 'cache-control': 'no-store' })
  })

  let css: string | undefined
  app.get('/static/report.css', (c) =>
    c.body((css ??= readFileSync(fromRoot('web/styles/report.css'), 'utf8')), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  )

  return app
}
