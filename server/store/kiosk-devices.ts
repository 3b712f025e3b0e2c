/**
 * Kiosk tablets. A tablet asks for a pairing: it gets a random token (kept in
 * its storage; the table keeps only the SHA-256) and a short code it shows on
 * screen. Staff enter the code on the touchpoint's page, which binds the
 * device to the touchpoint; from then on the token proves the tablet is that
 * kiosk, until someone revokes it. Knowing the code alone gets nothing: the
 * token never leaves the tablet after it was issued.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { makeTouchpointCode } from '../domain/touchpoint-code.ts'
import { nowIso } from './clock.ts'

/** How long a code shown on a tablet can be entered. */
export const PAIR_MINUTES = 15
const CODE_LENGTH = 6
/**
 * Codes waiting to be entered at once, across the province. Asking needs no
 * account; this bounds the rows a flood from many addresses can leave (the
 * per-client limit is in http/rate-limit.ts), and leaves all but 500 of the
 * 600 million codes free, so a mistyped code hardly ever names a stranger's
 * tablet.
 */
export const MAX_WAITING_PAIRINGS = 500

export type PairingStatus = 'waiting' | 'paired' | 'revoked' | 'expired'

export interface KioskDevice {
  id: number
  code: string
  touchpointId: number | null
  status: PairingStatus
  expiresAt: string
  pairedAt: string | null
  lastSeenAt: string | null
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Codes are read off a screen and typed: any case, spaces and dashes allowed. */
export function normalisePairCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, '').toLowerCase()
  return /^[a-z0-9]{6}$/.test(code) ? code : null
}

function statusOf(row: { touchpoint_id: number | null; revoked_at: string | null; pair_expires_at: string }, now: Date): PairingStatus {
  if (row.revoked_at) return 'revoked'
  if (row.touchpoint_id !== null) return 'paired'
  return row.pair_expires_at > nowIso(now) ? 'waiting' : 'expired'
}

const deviceQuery = (db: Kysely<Database>) =>
  db.selectFrom('kiosk_devices').select(['id', 'pair_code', 'touchpoint_id', 'revoked_at', 'pair_expires_at', 'paired_at', 'last_seen_at'])

type Row = { id: number; pair_code: string; touchpoint_id: number | null; revoked_at: string | null; pair_expires_at: string; paired_at: string | null; last_seen_at: string | null }

const toDevice = (r: Row, now: Date): KioskDevice => ({
  id: r.id,
  code: r.pair_code,
  touchpointId: r.touchpoint_id,
  status: statusOf(r, now),
  expiresAt: r.pair_expires_at,
  pairedAt: r.paired_at,
  lastSeenAt: r.last_seen_at,
})

/** A new unpaired device, or null when MAX_WAITING_PAIRINGS are waiting; pairings nobody entered in time are cleared on the way. */
export async function createPairing(db: Kysely<Database>, now = new Date()): Promise<{ code: string; token: string; expires: string } | null> {
  await db.deleteFrom('kiosk_devices').where('touchpoint_id', 'is', null).where('pair_expires_at', '<', nowIso(now)).execute()
  const waiting = await db.selectFrom('kiosk_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('touchpoint_id', 'is', null).executeTakeFirstOrThrow()
  if (Number(waiting.n) >= MAX_WAITING_PAIRINGS) return null
  const token = randomBytes(32).toString('base64url')
  const expires = nowIso(new Date(now.getTime() + PAIR_MINUTES * 60_000))
  for (let attempt = 0; ; attempt++) {
    const code = makeTouchpointCode((n) => randomBytes(n), CODE_LENGTH)
    const row = await db
      .insertInto('kiosk_devices')
      .values({ token_hash: hashToken(token), pair_code: code, pair_expires_at: expires, touchpoint_id: null, paired_at: null, paired_by: null, revoked_at: null, last_seen_at: null, created_at: nowIso(now) })
      .onConflict((oc) => oc.column('pair_code').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (row) return { code, token, expires }
    if (attempt > 5) throw new Error('could not draw a free pairing code')
  }
}

/** The device a code names, as seen by the tablet holding its token; undefined when the token is not that device's. */
export async function pairingOf(db: Kysely<Database>, code: string, token: string, now = new Date()): Promise<KioskDevice | undefined> {
  const row = await deviceQuery(db).where('pair_code', '=', code).where('token_hash', '=', hashToken(token)).executeTakeFirst()
  return row && toDevice(row, now)
}

export type PairOutcome = { ok: true; device: KioskDevice } | { ok: false; reason: 'not_found' | 'used' }

/** Binds the device waiting with this code to a touchpoint. */
export async function pairDevice(db: Kysely<Database>, code: string, touchpointId: number, userId: number, now = new Date()): Promise<PairOutcome> {
  const row = await deviceQuery(db).where('pair_code', '=', code).executeTakeFirst()
  if (!row) return { ok: false, reason: 'not_found' }
  const status = statusOf(row, now)
  if (status === 'expired') return { ok: false, reason: 'not_found' }
  if (status !== 'waiting') return { ok: false, reason: 'used' }
  // The guard on touchpoint_id makes two staff entering the same code at once pair it once.
  const done = await db
    .updateTable('kiosk_devices')
    .set({ touchpoint_id: touchpointId, paired_at: nowIso(now), paired_by: userId })
    .where('id', '=', row.id)
    .where('touchpoint_id', 'is', null)
    .executeTakeFirst()
  if (Number(done.numUpdatedRows) !== 1) return { ok: false, reason: 'used' }
  return { ok: true, device: toDevice({ ...row, touchpoint_id: touchpointId, paired_at: nowIso(now) }, now) }
}

/** The paired, unrevoked device holding this token, or undefined. */
export async function pairedDeviceOfToken(db: Kysely<Database>, token: string, now = new Date()): Promise<KioskDevice | undefined> {
  const row = await deviceQuery(db).where('token_hash', '=', hashToken(token)).where('touchpoint_id', 'is not', null).where('revoked_at', 'is', null).executeTakeFirst()
  return row && toDevice(row, now)
}

/** Notes that a device was used, at most once a minute, so staff see which tablets are alive. */
export async function markSeen(db: Kysely<Database>, device: KioskDevice, now = new Date()): Promise<void> {
  if (device.lastSeenAt && now.getTime() - Date.parse(device.lastSeenAt) < 60_000) return
  await db.updateTable('kiosk_devices').set({ last_seen_at: nowIso(now) }).where('id', '=', device.id).execute()
}

/** The devices ever paired to a touchpoint, newest first, revoked ones included. */
export async function listDevices(db: Kysely<Database>, touchpointIds: number[], now = new Date()): Promise<KioskDevice[]> {
  if (!touchpointIds.length) return []
  const rows = await deviceQuery(db).where('touchpoint_id', 'in', touchpointIds).orderBy('id', 'desc').execute()
  return rows.map((r) => toDevice(r, now))
}

/** Ends a pairing: the tablet's token stops counting as a kiosk. False when no such device of that touchpoint is paired. */
export async function revokeDevice(db: Kysely<Database>, touchpointId: number, deviceId: number, now = new Date()): Promise<boolean> {
  const done = await db
    .updateTable('kiosk_devices')
    .set({ revoked_at: nowIso(now) })
    .where('id', '=', deviceId)
    .where('touchpoint_id', '=', touchpointId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(done.numUpdatedRows) === 1
}
