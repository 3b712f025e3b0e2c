/**
 * The one file that knows which SQL dialect is underneath. Kysely writes the
 * SQL we ask for and offers no common denominator (kysely-org/kysely#9), so
 * the few real differences live here as named helpers.
 */
import type { CreateTableBuilder } from 'kysely'

export type DialectName = 'sqlite' | 'postgres'

/** Adds an auto-numbered integer primary key named `id`. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}

/** A real-valued column: SQLite's REAL, PostgreSQL's double precision. */
export const realType = (dialect: DialectName) => (dialect === 'postgres' ? 'double precision' : 'real')

