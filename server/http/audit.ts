/**
 * Writing the audit log from a request: the signed-in user is the actor and
 * the client appears as the day's pseudonym of its address. Pass a
 * transaction as `db` to make the entry part of the change it records, or
 * use audited(), which opens one for a change and its entry together.
 */
import type { Context } from 'hono'
import type { Kysely, Transaction } from 'kysely'
import type { Database, User } from '../db/schema.ts'
import { recordAudit } from '../store/audit.ts'
import { pseudonym } from '../store/client-keys.ts'
import { clientAddress } from './client-address.ts'
import type { AppEnv } from './context.ts'

export interface AuditTarget {
  type: string
  id: string | number
}

/**
 * Records `action` (e.g. "unit.create", "login.failure", "export.csv",
 * "flag.review") on `target`. `detail` is JSON and must never hold a password
 * or an address. `actor` stands in for the signed-in user where there is none
 * yet (a login).
 */
export async function audit(
  db: Kysely<Database>,
  c: Context<AppEnv>,
  action: string,
  target: AuditTarget | null,
  detail?: Record<string, unknown> | null,
  actor?: Pick<User, 'id' | 'username'> | null,
): Promise<void> {
  const who = actor === undefined ? c.get('user') : actor
  await recordAudit(db, {
    userId: who?.id ?? null,
    username: who?.username ?? null,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    detail: detail ? withoutUndefined(detail) : null,
    clientKey: await pseudonym(db, 'client', clientAddress(c)),
  })
}

/** Runs a change and its audit entry in one transaction: both are stored or neither. */
export async function audited<T>(
  db: Kysely<Database>,
  c: Context<AppEnv>,
  change: (trx: Transaction<Database>) => Promise<T>,
  entry: (out: T) => { action: string; target: AuditTarget | null; detail?: Record<string, unknown> },
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const out = await change(trx)
    const e = entry(out)
    await audit(trx, c, e.action, e.target, e.detail)
    return out
  })
}

const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
