/**
 * The citizen's pages: GET /s/{code} shows the survey, POST /s/{code} takes
 * the plain form (or the page script's fetch of the same body) and answers
 * with the thank-you page, 303, or JSON when JSON is accepted.
 */
import { randomUUID } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { AppError, type FieldProblem } from '../errors.ts'
import { normaliseResponseId, submitResponse } from '../responses/submit-response.ts'
import type { TouchpointView } from '../store/touchpoints.ts'
import { CATALOGUES, DEFAULT_LANG, translator } from '../../web/i18n/messages.ts'
import { renderPage } from '../../web/pages/render.ts'
import { HONEYPOT_FIELD, SurveyPage } from '../../web/pages/survey-page.tsx'
import { ThanksPage } from '../../web/pages/thanks-page.tsx'
import type { AppDeps, AppEnv } from './context.ts'
import { readBody, requireContentType } from './read-body.ts'
import { guardSubmission } from './rate-limit.ts'
import { requireTouchpoint } from './require-touchpoint.ts'
import { wantsJson } from './on-error.ts'

/** Form fields that are not answers. */
const RESERVED = new Set(['id', 'lang', 'comment', HONEYPOT_FIELD])

export function surveyRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  const touchpointOf = (raw: string) => requireTouchpoint(deps.db, deps.dialect, raw)

  /** The page's language: one the survey offers, Vietnamese unless the page asks otherwise (a phone set to English still serves a Vietnamese citizen). */
  const pageLang = (c: Context<AppEnv>, langs: string[], asked?: string | null) => {
    const lang = asked && langs.includes(asked) && CATALOGUES[asked] ? asked : DEFAULT_LANG
    c.set('lang', lang)
    c.set('t', translator(lang))
    return lang
  }

  const page = (c: Context<AppEnv>, tp: TouchpointView, lang: string, extra: { id: string; values?: Record<string, string>; errors?: FieldProblem[] }) => {
    const survey = deps.surveys.get(tp.survey_id)
    if (!survey) throw new AppError(404, 'survey_not_found')
    return renderPage(
      SurveyPage({ t: c.get('t'), lang, code: tp.code, survey, unitName: tp.unit_name, serviceName: tp.service_name, label: tp.label, responseId: extra.id, values: extra.values, errors: extra.errors }),
    )
  }

  app.get('/s/:code', async (c) => {
    const tp = await requireTouchpoint(deps.db, deps.dialect, c.req.param('code'), 'page')
    const lang = pageLang(c, deps.surveys.get(tp.survey_id)?.languages ?? ['vi'], c.req.query('lang'))
    c.header('cache-control', 'no-store')
    return c.html(page(c, tp, lang, { id: randomUUID() }))
  })

  app.post('/s/:code', async (c) => {
    const tp = await requireTouchpoint(deps.db, deps.dialect, c.req.param('code'), 'answer')
    requireContentType(c, 'application/x-www-form-urlencoded')
    const form = new URLSearchParams(await readBody(c))
    const lang = pageLang(c, deps.surveys.get(tp.survey_id)?.languages ?? ['vi'], form.get('lang'))
    // No prototype: a field named "__proto__" stays a field (refused as an unknown item) instead of vanishing into the prototype.
    const answers: Record<string, unknown> = Object.create(null)
    const values: Record<string, string> = Object.create(null)
    for (const key of new Set(form.keys())) {
      const all = form.getAll(key)
      values[key] = all[0]!
      if (!RESERVED.has(key)) answers[key] = all.length > 1 ? all : all[0]
    }
    const uid = normaliseResponseId(form.get('id'))
    if (!uid) throw new AppError(422, 'invalid_id')
    const json = wantsJson(c)
    const clientKey = await guardSubmission(c, deps, tp)
    const honeypot = !!form.get(HONEYPOT_FIELD)
    try {
      const out = await submitResponse(deps, { uid, touchpoint: tp, answers, comment: form.get('comment'), channel: json ? 'web' : 'form', lang, clientKey, honeypot }, c.get('t'))
      if (json) return c.json({ id: out.uid }, out.status === 'created' ? 201 : 200)
      return c.redirect(`/s/${tp.code}/thanks?lang=${lang}`, 303)
    } catch (err) {
      if (json || !(err instanceof AppError) || err.code !== 'invalid_answers') throw err
      const errors = (err.details.fields as FieldProblem[]) ?? []
      return c.html(page(c, tp, lang, { id: uid, values, errors }), 422)
    }
  })

  app.get('/s/:code/thanks', async (c) => {
    const tp = await touchpointOf(c.req.param('code'))
    const lang = pageLang(c, deps.surveys.get(tp.survey_id)?.languages ?? ['vi'], c.req.query('lang'))
    return c.html(renderPage(ThanksPage({ t: c.get('t'), lang, code: tp.code, unitName: tp.unit_name })))
  })

  return app
}
