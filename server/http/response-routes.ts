/**
 * POST /api/v1/responses: the JSON channel for one-stop-shop systems, kiosks
 * and integrators. Same validation and idempotency as the form.
 */
import { Hono } from 'hono'
import { normaliseResponseId, submitResponse } from '../responses/submit-response.ts'
import { CATALOGUES } from '../../web/i18n/messages.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { jsonBody } from './json-body.ts'
import { answeredAt, pairedDevice } from './kiosk-device.ts'
import { markSeen } from '../store/kiosk-devices.ts'
import { guardSubmission } from './rate-limit.ts'
import { requireTouchpoint } from './require-touchpoint.ts'
import { responseBody } from './schemas.ts'

export function responseRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.post('/api/v1/responses', async (c) => {
    const b = await jsonBody(c, responseBody)
    const uid = normaliseResponseId(b.id)!
    const tp = await requireTouchpoint(deps.db, deps.dialect, b.touchpoint, 'answer')
    const lang = b.lang && CATALOGUES[b.lang] ? b.lang : c.get('lang')
    // Only a tablet paired to this touchpoint may date its queued answers; anyone else's answered_at is ignored.
    const device = await pairedDevice(c, deps)
    const kiosk = device?.touchpointId === tp.id ? device : null
    const receivedAt = kiosk ? answeredAt(b.answered_at) : undefined
    const clientKey = await guardSubmission(c, deps, tp, !!kiosk)
    const out = await submitResponse(deps, { uid, touchpoint: tp, answers: b.answers, comment: b.comment, channel: kiosk ? 'kiosk' : 'api', lang, receivedAt, clientKey, shared: !!kiosk }, c.get('t'))
    if (kiosk) await markSeen(deps.db, kiosk)
    return c.json({ id: out.uid }, out.status === 'created' ? 201 : 200)
  })
  return app
}
