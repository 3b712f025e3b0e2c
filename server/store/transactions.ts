/**
 * Daily counts of dossiers returned, sent by the one-stop-shop system: the
 * population N the Ministry's sampling rule asks about. One row per day,
 * unit and service (0: all the unit's services that day); sending a day
 * again replaces its count, so a resend is harmless.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { nowIso } from './clock.ts'

/** service_id of a count for all of a unit's services together. */
export const ALL_SERVICES = 0

export interface TransactionCount {
  day: string
  unitId: number
  serviceId: number | null
  count: number
}

export async function upsertTransactions(db: Kysely<Database>, items: TransactionCount[], clientId: number | null): Promise<void> {
  const at = nowIso()
  await db.transaction().execute(async (trx) => {
    for (const it of items) {
      const row = { day: it.day, unit_id: it.unitId, service_id: it.serviceId ?? ALL_SERVICES, count: it.count, client_id: clientId, updated_at: at }
      await trx
        .insertInto('transactions')
        .values(row)
        .onConflict((oc) => oc.columns(['day', 'unit_id', 'service_id']).doUpdateSet({ count: it.count, client_id: clientId, updated_at: at }))
        .execute()
    }
  })
}

/**
 * Dossiers returned per unit of a subtree in a period. For a unit and day
 * with an all-services count, that count; otherwise the sum of its
 * per-service counts (never both, which would count twice).
 */
export async function transactionsByUnit(db: Kysely<Database>, scope: { unitPath: string; from: string; to: string }): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('transactions as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select(['x.unit_id', 'x.day', 'x.service_id', 'x.count'])
    .where('u.path', 'like', `${scope.unitPath}%`)
    .where('x.day', '>=', scope.from)
    .where('x.day', '<=', scope.to)
    .execute()
  const whole = new Map<string, number>()
  const parts = new Map<string, number>()
  for (const r of rows) {
    const key = `${r.unit_id}|${r.day}`
    const into = r.service_id === ALL_SERVICES ? whole : parts
    into.set(key, (into.get(key) ?? 0) + Number(r.count))
  }
  const out = new Map<number, number>()
  for (const [key, n] of parts) if (!whole.has(key)) whole.set(key, n)
  for (const [key, n] of whole) {
    const unit = Number(key.split('|')[0])
    out.set(unit, (out.get(unit) ?? 0) + n)
  }
  return out
}

/** Total dossiers returned in a subtree and period; null when no count was sent. */
export async function transactionTotal(db: Kysely<Database>, scope: { unitPath: string; from: string; to: string }): Promise<number | null> {
  const byUnit = await transactionsByUnit(db, scope)
  return byUnit.size ? [...byUnit.values()].reduce((a, b) => a + b, 0) : null
}
