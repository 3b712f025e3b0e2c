/**
 * Brings the schema up to date. Kysely's migrateToLatest() never throws; it
 * returns the error, so this wraps it once and fails start-up loudly.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { DialectName } from './dialect.ts'
import { init } from './migrations/2026-11-22-0001-init.ts'
import { accounts } from './migrations/2026-11-22-0002-accounts.ts'
import { rollups } from './migrations/2026-11-22-0003-rollups.ts'
import { abuse } from './migrations/2026-11-22-0004-abuse.ts'
import { trust } from './migrations/2026-11-22-0005-trust.ts'
import { kiosk } from './migrations/2026-11-22-0006-kiosk.ts'
import { exportsAndPeriods } from './migrations/2026-11-22-0007-exports.ts'
import { integration } from './migrations/2026-11-22-0008-integration.ts'
import { sideCounts } from './migrations/2026-11-22-0009-side-counts.ts'
import { writeIndexes } from './migrations/2026-11-22-0010-write-indexes.ts'

/** In order; names sort by date. A static list works the same under tsx and a bundle. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '2026-11-22-0001-init': init(dialect),
    '2026-11-22-0002-accounts': accounts(dialect),
    '2026-11-22-0003-rollups': rollups(),
    '2026-11-22-0004-abuse': abuse(),
    '2026-11-22-0005-trust': trust(dialect),
    '2026-11-22-0006-kiosk': kiosk(dialect),
    '2026-11-22-0007-exports': exportsAndPeriods(dialect),
    '2026-11-22-0008-integration': integration(dialect),
    '2026-11-22-0009-side-counts': sideCounts(),
    '2026-11-22-0010-write-indexes': writeIndexes(),
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) }
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`)
  }
  return (results ?? []).map((r) => r.migrationName)
}
