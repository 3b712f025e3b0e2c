/**
 * Brings the schema up to date. Kysely's migrateToLatest() never throws; it
 * returns the error, so this wraps it once and fails start-up loudly.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { DialectName } from './dialect.ts'
import { init } from './migrations/2026-11-22-0001-init.ts'
import { accounts } from './migrations/2026-11-22-0002-accounts.ts'
import { rollups } from './migrations/2026-11-22-0003-rollups.ts'

/** In order; names sort by date. A static list works the same under tsx and a bundle. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '2026-11-22-0001-init': init(dialect),
    '2026-11-22-0002-accounts': accounts(dialect),
    '2026-11-22-0003-rollups': rollups(),
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
