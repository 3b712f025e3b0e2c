/**
 * One-time survey tickets: the one-stop-shop system asks for one when a
 * dossier's result is returned, prints its QR on the receipt or sends its
 * link, and the citizen answers once. The dossier's reference is kept only
 * as an HMAC under a key of this installation (settings.ticket_ref_key), so
 * the database alone cannot link an answer back to a dossier, while the
 * system that knows the reference (and the key holder) can recognise it.
 * Using a ticket happens in the transaction that stores its response
 * (useTicket), so two answers can never both take it.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import { makeTouchpointCode } from '../domain/touchpoint-code.ts'
import { AppError } from '../errors.ts'
import { nowIso } from './clock.ts'
import { getSetting } from './settings.ts'

export const TICKET_CODE_LENGTH = 10
export const DEFAULT_TICKET_DAYS = 30
/** The label of the touchpoint a ticket falls back on when the client names none. */
export const TICKET_TOUCHPOINT_LABEL = 'Vé một cửa'

export type TicketState = 'open' | 'used' | 'expired'

export interface TicketView {
  id: number
  code: string
  touchpoint_id: number
  touchpoint_code: string
  unit_id: number
  unit_path: string
  service_id: number | null
  returned_at: string
  expires_at: string
  used_at: string | null
  client_id: number | null
}

const keys = new WeakMap<Kysely<Database>, Buffer>()

/** The installation's key for dossier references, made on first use; several processes agree through the table. */
async function refKey(db: Kysely<Database>): Promise<Buffer> {
  const hit = keys.get(db)
  if (hit) return hit
  await db.insertInto('settings').values({ key: 'ticket_ref_key', value: randomBytes(32).toString('base64url') }).onConflict((oc) => oc.column('key').doNothing()).execute()
  const key = Buffer.from((await getSetting(db, 'ticket_ref_key'))!, 'base64url')
  keys.set(db, key)
  return key
}

export async function refHash(db: Kysely<Database>, reference: string): Promise<string> {
  return createHmac('sha256', await refKey(db)).update(reference).digest('base64url')
}

export interface NewTicket {
  touchpointId: number
  unitId: number
  serviceId: number | null
  reference: string
  returnedAt: string
  expiresAt: string
  clientId: number | null
}

/** Stores tickets, all or none, and returns their codes in order. */
export async function insertTickets(db: Kysely<Database>, items: NewTicket[]): Promise<string[]> {
  const now = nowIso()
  const codes: string[] = []
  // Hashed before the transaction: the key may have to be made first, and SQLite has one connection.
  const hashes = await Promise.all(items.map((t) => refHash(db, t.reference)))
  const rows = items.map((t, i) => {
    const code = makeTouchpointCode((n) => randomBytes(n), TICKET_CODE_LENGTH)
    codes.push(code)
    return { code, touchpoint_id: t.touchpointId, unit_id: t.unitId, service_id: t.serviceId, ref_hash: hashes[i]!, returned_at: t.returnedAt, expires_at: t.expiresAt, client_id: t.clientId, created_at: now }
  })
  // 29^10 codes: a collision fails the batch (the unique index) rather than being silently retried.
  await db.transaction().execute(async (trx) => {
    for (let k = 0; k < rows.length; k += 250) await trx.insertInto('tickets').values(rows.slice(k, k + 250)).execute()
  })
  return codes
}

export function findTicket(db: Kysely<Database>, code: string): Promise<TicketView | undefined> {
  return db
    .selectFrom('tickets as k')
    .innerJoin('touchpoints as t', 't.id', 'k.touchpoint_id')
    .innerJoin('units as u', 'u.id', 'k.unit_id')
    .select(['k.id', 'k.code', 'k.touchpoint_id', 't.code as touchpoint_code', 'k.unit_id', 'u.path as unit_path', 'k.service_id', 'k.returned_at', 'k.expires_at', 'k.used_at', 'k.client_id'])
    .where('k.code', '=', code)
    .executeTakeFirst()
}

export function ticketState(t: Pick<TicketView, 'used_at' | 'expires_at'>, now = new Date()): TicketState {
  if (t.used_at) return 'used'
  return t.expires_at <= nowIso(now) ? 'expired' : 'open'
}

/** 409 ticket_used or 410 ticket_expired unless the ticket can still be answered. */
export function assertOpen(t: Pick<TicketView, 'used_at' | 'expires_at'>, now = new Date()): void {
  const state = ticketState(t, now)
  if (state === 'used') throw new AppError(409, 'ticket_used')
  if (state === 'expired') throw new AppError(410, 'ticket_expired')
}

/**
 * Takes the ticket for a response just inserted, in the same transaction:
 * exactly one response can take it. Otherwise throws, which rolls the
 * response back with it.
 */
export async function useTicket(trx: Transaction<Database>, ticketId: number, responseId: number, at: string): Promise<void> {
  const r = await trx.updateTable('tickets').set({ used_at: at, response_id: responseId }).where('id', '=', ticketId).where('used_at', 'is', null).where('expires_at', '>', at).executeTakeFirst()
  if (Number(r.numUpdatedRows) === 1) return
  const row = await trx.selectFrom('tickets').select(['used_at', 'expires_at']).where('id', '=', ticketId).executeTakeFirst()
  if (!row) throw new AppError(404, 'ticket_not_found')
  assertOpen(row, new Date(at))
  throw new AppError(410, 'ticket_expired')
}
