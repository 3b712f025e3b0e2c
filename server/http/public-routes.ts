/**
 * Small public routes: health, survey definitions, and the static assets.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { Hono } from 'hono'
import { AppError } from '../errors.ts'
import { fromRoot } from '../paths.ts'
import { islandScript } from '../../web/assets.ts'
import type { AppDeps, AppEnv } from './context.ts'

/** The staff stylesheet: one file per area in web/styles/staff/, served as one. */
const staffCss = () => {
  const dir = fromRoot('web/styles/staff')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.css'))
    .sort()
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
    .join('\n')
}

export function publicRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  let css: string | undefined

  app.get('/healthz', (c) => c.json({ status: 'ok' }))

  app.get('/api/v1/surveys', (c) =>
    c.json({ surveys: [...deps.surveys.values()].map((s) => ({ id: s.id, version: s.version, sector: s.sector, title: s.title, languages: s.languages })) }),
  )

  app.get('/api/v1/surveys/:id', (c) => {
    const survey = deps.surveys.get(c.req.param('id'))
    if (!survey) throw new AppError(404, 'survey_not_found')
    return c.json(survey)
  })

  app.get('/static/:name{[a-z-]+\\.js}', (c) => {
    const script = islandScript(c.req.param('name').replace(/\.js$/, ''))
    if (!script) throw new AppError(404, 'not_found')
    if (c.req.header('if-none-match') === script.etag) return c.body(null, 304)
    return c.body(script.body, 200, { 'content-type': 'text/javascript; charset=utf-8', etag: script.etag, 'cache-control': 'public, max-age=3600' })
  })

  app.get('/static/staff.css', (c) => c.body((css ??= staffCss()), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }))

  return app
}
