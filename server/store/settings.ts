/**
 * What administrators set at run time, one row a key; the environment
 * (config.ts) holds what the operator sets at start-up.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'

/** Five years: long enough to compare a unit with itself over a planning period, short enough not to hoard. */
export const DEFAULT_RETENTION_MONTHS = 60
/** Figures for a whole month come from the rollups, so even one month of raw answers keeps every figure; the ragged end needs a little more. */
export const MIN_RETENTION_MONTHS = 3

export async function getSetting(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value ?? null
}

export async function setSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute()
}

/** Months raw answers are kept (see cli/retention.ts). */
export async function retentionMonths(db: Kysely<Database>): Promise<number> {
  const raw = await getSetting(db, 'retention_months')
  const n = raw === null ? NaN : Number(raw)
  return Number.isInteger(n) && n >= MIN_RETENTION_MONTHS ? n : DEFAULT_RETENTION_MONTHS
}
