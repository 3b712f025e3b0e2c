/**
 * Webhooks, for administrators: register a receiver's URL for events
 * (the signing secret is in the creation's answer only), switch it off or on,
 * and read its delivery log. API under /api/v1/webhooks, page /admin/webhooks.
 */
import { Hono, type Context } from 'hono'
import { AppError } from '../errors.ts'
import { createWebhook, getWebhook, listDeliveries, listWebhooks, setWebhookActive, WEBHOOK_EVENTS, type DeliveryStatus, type WebhookEvent } from '../store/webhooks.ts'
import { renderPage } from '../../web/pages/render.ts'
import { WebhooksPage } from '../../web/pages/admin/webhooks-page.tsx'
import { flashOf, formAction, parseForm, readForm, text } from './admin-forms.ts'
import { idParam } from './admin-json.ts'
import { audited } from './audit.ts'
import { requireAdmin, requireLoginPage } from './auth.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { webhookBody, webhookPatchBody } from './integration-schemas.ts'
import { jsonBody } from './json-body.ts'
import { staffUser } from './staff-user.ts'

type C = Context<AppEnv>
const STATUSES: readonly DeliveryStatus[] = ['pending', 'sending', 'delivered', 'failed']

export function webhooksRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  const create = (c: C, body: { url: string; events: WebhookEvent[] }) =>
    audited(
      deps.db,
      c,
      (trx) => createWebhook(trx, { url: body.url, events: [...new Set(body.events)], createdBy: c.get('user')!.id }),
      (out) => ({ action: 'webhook.create', target: { type: 'webhook', id: out.webhook.id }, detail: { url: out.webhook.url, events: out.webhook.events } }),
    ).then((out) => {
      deps.writer.webhooksChanged()
      return out
    })

  const setActive = async (c: C, id: number, active: boolean) => {
    if (!(await getWebhook(deps.db, id))) throw new AppError(404, 'webhook_not_found')
    await audited(
      deps.db,
      c,
      (trx) => setWebhookActive(trx, id, active),
      () => ({ action: 'webhook.update', target: { type: 'webhook', id }, detail: { active } }),
    )
    deps.writer.webhooksChanged()
    return (await getWebhook(deps.db, id))!
  }

  const deliveryQuery = (c: C) => {
    const status = c.req.query('status') || null
    if (status !== null && !(STATUSES as readonly string[]).includes(status)) throw new AppError(400, 'invalid_query', { detail: `status ∈ ${STATUSES.join('|')}` })
    const limit = Number(c.req.query('limit') ?? 100)
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError(400, 'invalid_query', { detail: 'limit 1–1000' })
    return { status: status as DeliveryStatus | null, limit }
  }

  app.get('/api/v1/webhooks', requireAdmin, async (c) => c.json({ items: await listWebhooks(deps.db), events: WEBHOOK_EVENTS }))

  app.post('/api/v1/webhooks', requireAdmin, async (c) => {
    const out = await create(c, await jsonBody(c, webhookBody))
    return c.json({ ...out.webhook, secret: out.secret }, 201)
  })

  app.patch('/api/v1/webhooks/:id', requireAdmin, async (c) => {
    const id = idParam(c, 'webhook_not_found')
    const body = await jsonBody(c, webhookPatchBody)
    return c.json(await setActive(c, id, body.active))
  })

  app.get('/api/v1/webhooks/:id/deliveries', requireAdmin, async (c) => {
    const id = idParam(c, 'webhook_not_found')
    if (!(await getWebhook(deps.db, id))) throw new AppError(404, 'webhook_not_found')
    return c.json({ items: await listDeliveries(deps.db, id, deliveryQuery(c)) })
  })

  const page = async (c: C, secret: { url: string; secret: string } | null) => {
    const hooks = await listWebhooks(deps.db)
    const raw = c.req.query('hook')
    const chosen = raw && /^\d{1,12}$/.test(raw) ? hooks.find((h) => h.id === Number(raw)) : hooks[0]
    const q = deliveryQuery(c)
    const deliveries = chosen ? await listDeliveries(deps.db, chosen.id, q) : []
    c.header('cache-control', 'no-store')
    return c.html(renderPage(WebhooksPage({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c)!, flash: flashOf(c), hooks, chosen: chosen?.id ?? null, status: q.status, deliveries, secret })), secret ? 201 : 200)
  }

  app.get('/admin/webhooks', requireLoginPage, requireAdmin, (c) => page(c, null))

  app.post('/admin/webhooks', requireAdmin, async (c) => {
    const form = await readForm(c)
    try {
      const out = await create(c, parseForm(webhookBody, { url: text(form, 'url'), events: form.getAll('events') }))
      return page(c, { url: out.webhook.url, secret: out.secret })
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 401 || err.status === 403) throw err
      return c.redirect(`/admin/webhooks?err=${err.code}${err.params.detail ? `&detail=${encodeURIComponent(String(err.params.detail))}` : ''}`, 303)
    }
  })

  app.post(
    '/admin/webhooks/:id/active',
    requireAdmin,
    formAction(
      (c) => `/admin/webhooks?hook=${c.req.param('id')}`,
      async (c) => {
        const id = idParam(c, 'webhook_not_found')
        await setActive(c, id, text(await readForm(c), 'active') === '1')
        return { ok: 'saved', to: `/admin/webhooks?hook=${id}` }
      },
    ),
  )

  return app
}
