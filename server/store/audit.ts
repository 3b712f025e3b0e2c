/**
 * The audit log: who changed what, signed in or out, exported or reviewed,
 * and when. Entries are only ever added. The client appears as a keyed hash
 * of its address (store/client-keys.ts), never the address itself.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export interface AuditEntry {
  userId: number | null
  username: string | null
  action: string
  targetType?: string | null
  targetId?: string | number | null
  detail?: Record<string, unknown> | null
  clientKey?: string | null
}

export interface AuditRow {
  id: number
  at: string
  user_id: number | null
  username: string | null
  action: string
  target_type: string | null
  target_id: string | null
  detail: Record<string, unknown> | null
  client_key: string | null
}

export async function recordAudit(db: Kysely<Database>, e: AuditEntry, at = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: nowIso(at),
      user_id: e.userId,
      username: e.username,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId == null ? null : String(e.targetId),
      detail: e.detail && Object.keys(e.detail).length ? JSON.stringify(e.detail) : null,
      client_key: e.clientKey ?? null,
    })
    .execute()
}

export interface AuditQuery {
  /** ISO instants, from inclusive, to exclusive. */
  from: string | null
  to: string | null
  username: string | null
  /** An action ("user.create") or its family ("user"); lower-case letters, dots and underscores only. */
  action: string | null
  /** Keyset: entries with a smaller id than this. */
  before: number | null
  limit: number
}

/** Newest first, one page, and the cursor of the next (older) page. */
export async function listAudit(db: Kysely<Database>, q: AuditQuery): Promise<{ items: AuditRow[]; next: number | null }> {
  let query = db.selectFrom('audit_log').selectAll()
  if (q.from) query = query.where('at', '>=', q.from)
  if (q.to) query = query.where('at', '<', q.to)
  if (q.username) query = query.where('username', '=', q.username)
  if (q.action) {
    const action = q.action
    query = query.where((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${action}.%`)]))
  }
  if (q.before !== null) query = query.where('id', '<', q.before)
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute()
  const items = rows.slice(0, q.limit).map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }))
  return { items, next: rows.length > q.limit ? items[items.length - 1]!.id : null }
}
