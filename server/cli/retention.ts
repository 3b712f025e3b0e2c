/**
 * `npm run retention` deletes the raw answers older than the retention
 * period an administrator set (/admin/flags; default 60 months), whole
 * months at a time; the rollups keep their sums, so the figures of those
 * months stay. Uses the same settings as the server (HAILONG_DATA,
 * DATABASE_URL) and never serves HTTP. Run it from cron, e.g. monthly.
 */
import { readConfig } from '../config.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { openDatabase } from '../db/open-database.ts'
import { localDay } from '../domain/local-day.ts'
import { applyRetention } from '../store/retention.ts'

async function main(): Promise<number> {
  const config = readConfig()
  const store = await openDatabase(config)
  try {
    await migrateToLatest(store.db, store.dialect)
    const out = await applyRetention(store.db, localDay(new Date()))
    console.log(`retention ${out.months} months: raw answers kept from ${out.keptFrom}; ${out.deleted} older responses deleted (their sums stay in the rollups)`)
    return 0
  } finally {
    await store.close()
  }
}

process.exitCode = await main()
