/**
 * POST /api/v1/responses: the JSON channel for one-stop-shop systems, kiosks
 * and integrators. Same validation and idempotency as the form.
 */
import { Hono } from 'hono'
import { normaliseResponseId, submitResponse } from '../responses/submit-response.ts'
import { CATALOGUES } from '../../web/i18n/messages.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { jsonBody } from './json-body.ts'
import { requireTouchpoint } from './require-touchpoint.ts'
import { responseBody } from './schemas.ts'

export function responseRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.post('/api/v1/responses', async (c) => {
    const b = await jsonBody(c, responseBody)
    const uid = normaliseResponseId(b.id)!
    const tp = await requireTouchpoint(deps.db, b.touchpoint, 'answer')
    const lang = b.lang && CATALOGUES[b.lang] ? b.lang : c.get('lang')
    const out = await submitResponse(deps, { uid, touchpoint: tp, answers: b.answers, comment: b.comment, channel: 'api', lang }, c.get('t'))
    return c.json({ id: out.uid }, out.status === 'created' ? 201 : 200)
  })
  return app
}
