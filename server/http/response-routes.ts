/**
 * POST /api/v1/responses: the JSON channel for one-stop-shop systems, kiosks
 * and integrators. Same validation and idempotency as the form.
 */
import { Hono } from 'hono'
import { normaliseTouchpointCode } from '../domain/touchpoint-code.ts'
import { AppError } from '../errors.ts'
import { normaliseResponseId, submitResponse } from '../responses/submit-response.ts'
import { findTouchpoint } from '../store/touchpoints.ts'
import { CATALOGUES } from '../../web/i18n/messages.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { readBody, requireContentType } from './read-body.ts'

const FIELDS = new Set(['id', 'touchpoint', 'answers', 'comment', 'lang'])

export function responseRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.post('/api/v1/responses', async (c) => {
    requireContentType(c, 'application/json')
    const text = await readBody(c)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new AppError(400, 'invalid_json')
    }
    const t = c.get('t')
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError(400, 'invalid_body', { detail: 'object' })
    const b = body as Record<string, unknown>
    const fields: { field: string; code: string; message: string }[] = []
    const bad = (field: string, code: string) => fields.push({ field, code, message: t('error.invalid_body', { detail: field }) })
    for (const key of Object.keys(b)) if (!FIELDS.has(key)) bad(key, 'unknown_field')
    const uid = normaliseResponseId(b.id)
    if (!uid) bad('id', 'invalid_id')
    const code = typeof b.touchpoint === 'string' ? normaliseTouchpointCode(b.touchpoint) : null
    if (typeof b.touchpoint !== 'string') bad('touchpoint', 'invalid_touchpoint')
    if (typeof b.answers !== 'object' || b.answers === null || Array.isArray(b.answers)) bad('answers', 'not_an_object')
    if (b.comment !== undefined && b.comment !== null && typeof b.comment !== 'string') bad('comment', 'invalid_text')
    if (fields.length) throw new AppError(422, 'invalid_body', { detail: fields.map((f) => f.field).join(', ') }, { fields })
    const tp = code ? await findTouchpoint(deps.db, code) : undefined
    if (!tp) throw new AppError(404, 'touchpoint_not_found')
    const lang = typeof b.lang === 'string' && CATALOGUES[b.lang] ? b.lang : c.get('lang')
    const out = await submitResponse(deps, { uid: uid!, touchpoint: tp, answers: b.answers as Record<string, unknown>, comment: b.comment, channel: 'api', lang }, t)
    return c.json({ id: out.uid }, out.status === 'created' ? 201 : 200)
  })
  return app
}
