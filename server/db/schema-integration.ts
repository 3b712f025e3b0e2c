/**
 * The tables of the one-stop-shop integration: API clients,
 * one-time survey tickets, daily transaction counts and webhooks with their
 * delivery log. Part of the Database type in schema.ts.
 */
import type { Generated } from 'kysely'

/** A program (the one-stop-shop system) acting on one subtree with a bearer token; only the token's SHA-256 is kept. */
export interface ApiClientTable {
  id: Generated<number>
  name: string
  unit_id: number
  token_hash: string
  created_by: number | null
  created_at: string
  revoked_at: string | null
  /** Written at most once a minute. */
  last_used_at: string | null
}

/** A one-time survey ticket for one returned dossier; the dossier's reference only as a keyed hash. */
export interface TicketTable {
  id: Generated<number>
  code: string
  touchpoint_id: number
  unit_id: number
  service_id: number | null
  ref_hash: string
  returned_at: string
  expires_at: string
  used_at: string | null
  response_id: number | null
  client_id: number | null
  created_at: string
}

/** Dossiers returned by a unit on a day, per service (0: all services together). */
export interface TransactionTable {
  day: string
  unit_id: number
  service_id: number
  count: number
  client_id: number | null
  updated_at: string
}

export interface WebhookTable {
  id: Generated<number>
  url: string
  /** Comma-separated event names. */
  events: string
  /** "whsec_" + base64 key, for the Standard Webhooks signature. */
  secret: string
  active: Generated<number>
  created_by: number | null
  created_at: string
}

/** One event for one webhook; the id is the webhook-id header, the same on every retry. */
export interface WebhookDeliveryTable {
  id: string
  webhook_id: number
  event: string
  payload: string
  attempts: Generated<number>
  next_attempt_at: string
  /** pending, sending (claimed by a dispatcher until next_attempt_at), delivered, failed. */
  status: string
  last_status_code: number | null
  last_error: string | null
  created_at: string
  delivered_at: string | null
}
