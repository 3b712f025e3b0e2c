/**
 * Webhooks and their delivery log. An event is enqueued as one delivery per
 * subscribed webhook, in the transaction of the change it reports (a response
 * stored, a period approved), so an event is never sent for a change that
 * rolled back nor lost for one that committed. The dispatcher
 * (webhooks/dispatcher.ts) sends them later: a slow receiver never holds up
 * the change itself.
 */
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import { toneOf } from '../domain/comment-tone.ts'
import type { Answers } from '../domain/survey-types.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { nowIso } from './clock.ts'

export const WEBHOOK_EVENTS = ['response.created', 'response.negative', 'period.approved'] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]
export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed'

export interface Webhook {
  id: number
  url: string
  events: WebhookEvent[]
  active: boolean
  created_at: string
}

export interface Delivery {
  id: string
  webhook_id: number
  event: string
  payload: string
  attempts: number
  next_attempt_at: string
  status: DeliveryStatus
  last_status_code: number | null
  last_error: string | null
  created_at: string
  delivered_at: string | null
}

const toWebhook = (r: { id: number; url: string; events: string; active: number; created_at: string }): Webhook => ({
  id: r.id,
  url: r.url,
  events: r.events.split(',').filter((e): e is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(e)),
  active: !!r.active,
  created_at: r.created_at,
})

/**
 * Which events have an active webhook, re-read every few seconds: the write
 * path asks on every batch, inside its transaction (a new handle each time),
 * so the cache is keyed by the running server's survey catalogue, one per
 * server, which the write path and the routes both hold.
 */
const ACTIVE_TTL_MS = 5_000
type ActiveHook = { id: number; events: Set<string> }
const activeCache = new WeakMap<object, { at: number; hooks: ActiveHook[] }>()

async function activeHooks(db: Kysely<Database>, cacheKey: object | null, now = Date.now()): Promise<ActiveHook[]> {
  const hit = cacheKey && activeCache.get(cacheKey)
  if (hit && now - hit.at < ACTIVE_TTL_MS) return hit.hooks
  const rows = await db.selectFrom('webhooks').select(['id', 'events']).where('active', '=', 1).execute()
  const hooks = rows.map((r) => ({ id: r.id, events: new Set(r.events.split(',')) }))
  if (cacheKey) activeCache.set(cacheKey, { at: now, hooks })
  return hooks
}

/** After a change to the webhooks, this process's write path sees it at once (other processes within ACTIVE_TTL_MS). */
export const forgetActiveHooks = (surveys: SurveyCatalogue) => activeCache.delete(surveys)

export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`
export const newMessageId = () => `msg_${randomBytes(16).toString('base64url')}`

export async function createWebhook(db: Kysely<Database>, w: { url: string; events: WebhookEvent[]; createdBy: number | null }): Promise<{ webhook: Webhook; secret: string }> {
  const secret = newSecret()
  const row = await db
    .insertInto('webhooks')
    .values({ url: w.url, events: w.events.join(','), secret, active: 1, created_by: w.createdBy, created_at: nowIso() })
    .returning(['id', 'url', 'events', 'active', 'created_at'])
    .executeTakeFirstOrThrow()
  return { webhook: toWebhook(row), secret }
}

export async function listWebhooks(db: Kysely<Database>): Promise<Webhook[]> {
  return (await db.selectFrom('webhooks').select(['id', 'url', 'events', 'active', 'created_at']).orderBy('id').execute()).map(toWebhook)
}

export async function getWebhook(db: Kysely<Database>, id: number): Promise<Webhook | undefined> {
  const row = await db.selectFrom('webhooks').select(['id', 'url', 'events', 'active', 'created_at']).where('id', '=', id).executeTakeFirst()
  return row && toWebhook(row)
}

export async function setWebhookActive(db: Kysely<Database>, id: number, active: boolean): Promise<Webhook | undefined> {
  await db.updateTable('webhooks').set({ active: active ? 1 : 0 }).where('id', '=', id).execute()
  return getWebhook(db, id)
}

export function webhookSecret(db: Kysely<Database>, id: number): Promise<{ url: string; secret: string } | undefined> {
  return db.selectFrom('webhooks').select(['url', 'secret']).where('id', '=', id).executeTakeFirst()
}

interface QueuedEvent {
  event: WebhookEvent
  data: Record<string, unknown>
}

/** One delivery per subscribed active webhook for each event, in one multi-row insert per chunk. */
async function enqueue(db: Kysely<Database>, events: QueuedEvent[], cacheKey: object | null): Promise<void> {
  if (!events.length) return
  const hooks = await activeHooks(db, cacheKey)
  if (!hooks.length) return
  const now = nowIso()
  const rows = events.flatMap((e) =>
    hooks
      .filter((h) => h.events.has(e.event))
      .map((h) => ({ id: newMessageId(), webhook_id: h.id, event: e.event, payload: JSON.stringify({ type: e.event, timestamp: now, data: e.data }), attempts: 0, next_attempt_at: now, status: 'pending', created_at: now })),
  )
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('webhook_deliveries').values(rows.slice(i, i + 500)).execute()
}

/** An event for every webhook subscribed to it, inside the caller's transaction (or straight on the database). */
export function enqueueEvent(db: Kysely<Database>, event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
  return enqueue(db, [{ event, data }], null)
}

export interface StoredResponse {
  uid: string
  touchpointId: number
  unitId: number
  serviceId: number | null
  surveyId: string
  day: string
  receivedAt: string
  channel: string
  answers: Answers
  verified: boolean
}

/**
 * response.created for each counted response of a batch, and
 * response.negative for those whose respondent was dissatisfied
 * (domain/comment-tone.ts). The payload names the response and where it was
 * given, never its texts: a receiver reads comments through the API, with its rights.
 */
export async function enqueueResponseEvents(db: Kysely<Database>, surveys: SurveyCatalogue, stored: StoredResponse[]): Promise<void> {
  if (!stored.length || !(await activeHooks(db, surveys)).length) return
  const events: QueuedEvent[] = []
  for (const r of stored) {
    const def = surveys.get(r.surveyId)
    const negative = def ? toneOf(def, r.answers) === 'negative' : false
    const data = { response_id: r.uid, touchpoint_id: r.touchpointId, unit_id: r.unitId, service_id: r.serviceId, survey_id: r.surveyId, day: r.day, received_at: r.receivedAt, channel: r.channel, verified: r.verified, negative }
    events.push({ event: 'response.created', data })
    if (negative) events.push({ event: 'response.negative', data })
  }
  await enqueue(db, events, surveys)
}

/** How long a claimed delivery is held before another dispatcher may take it again (its sender died). */
const LEASE_MS = 60_000

/**
 * Claims up to `limit` due deliveries for this dispatcher. On PostgreSQL the
 * rows are locked with SKIP LOCKED, so dispatchers in several processes never
 * take the same delivery; SQLite has one writer at a time anyway.
 */
export async function claimDue(db: Kysely<Database>, dialect: DialectName, limit: number, now = new Date()): Promise<(Delivery & { url: string; secret: string })[]> {
  const at = nowIso(now)
  const ids = await db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', at)
      .orderBy('next_attempt_at')
      .limit(limit)
    if (dialect === 'postgres') q = q.forUpdate().skipLocked()
    const rows = (await q.execute()).map((r) => r.id)
    if (rows.length) await trx.updateTable('webhook_deliveries').set({ status: 'sending', next_attempt_at: nowIso(new Date(now.getTime() + LEASE_MS)) }).where('id', 'in', rows).execute()
    return rows
  })
  if (!ids.length) return []
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .selectAll('d')
    .select(['w.url', 'w.secret'])
    .where('d.id', 'in', ids)
    .execute()
  return rows.map((r) => ({ ...r, status: r.status as DeliveryStatus }))
}

export async function markDelivered(db: Kysely<Database>, id: string, statusCode: number, now = new Date()): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), last_status_code: statusCode, last_error: null, delivered_at: nowIso(now) }))
    .where('id', '=', id)
    .execute()
}

/** A failed attempt: tried again at `retryAt`, or given up for good when null. */
export async function markAttemptFailed(db: Kysely<Database>, id: string, failure: { statusCode: number | null; error: string }, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: retryAt ? 'pending' : 'failed',
      attempts: eb('attempts', '+', 1),
      last_status_code: failure.statusCode,
      last_error: failure.error.slice(0, 500),
      ...(retryAt ? { next_attempt_at: nowIso(retryAt) } : {}),
    }))
    .where('id', '=', id)
    .execute()
}

export async function listDeliveries(db: Kysely<Database>, webhookId: number, opts: { status?: DeliveryStatus | null; limit: number }): Promise<Delivery[]> {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId)
  if (opts.status) q = q.where('status', '=', opts.status)
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).execute()
  return rows.map((r) => ({ ...r, status: r.status as DeliveryStatus }))
}
