/**
 * The one file that knows which SQL dialect is underneath. Kysely writes the
 * SQL we ask for and offers no common denominator (kysely-org/kysely#9), so
 * the few real differences live here as named helpers.
 */
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely'

export type DialectName = 'sqlite' | 'postgres'

/** Adds an auto-numbered integer primary key named `id`. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}

/** A real-valued column: SQLite's REAL, PostgreSQL's double precision. */
export const realType = (dialect: DialectName) => (dialect === 'postgres' ? 'double precision' : 'real')

export type ColumnBuilder = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder

/** Reads which dialect a Kysely instance was opened with (recorded by `openDatabase`). */
export function dialectOf(db: Kysely<any>): DialectName {
  return (db as unknown as { [DIALECT]?: DialectName })[DIALECT] ?? 'sqlite'
}

export const DIALECT = Symbol.for('hailong.dialect')

/** `LIKE` that is case-sensitive on both (SQLite's LIKE folds ASCII case; paths are digits and slashes, so it cannot matter). */
export const likePrefix = (prefix: string) => sql<string>`${prefix} || '%'`
