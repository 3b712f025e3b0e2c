/**
 * Opens the store: the SQLite file under the data folder by default, or
 * PostgreSQL when a postgres:// URL is given.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { DIALECT, type DialectName } from './dialect.ts'
import type { Database } from './schema.ts'

export interface OpenDatabase {
  db: Kysely<Database>
  dialect: DialectName
  /** The SQLite file, when on SQLite. */
  file: string | null
  close(): Promise<void>
}

export async function openDatabase(opts: { dataDir: string; databaseUrl: string | null }): Promise<OpenDatabase> {
  if (opts.databaseUrl) throw new Error('PostgreSQL support arrives with the scale issue; unset DATABASE_URL to use SQLite')
  mkdirSync(opts.dataDir, { recursive: true })
  const file = join(opts.dataDir, 'hailong.sqlite')
  const raw = new SQLite(file)
  raw.pragma('journal_mode = WAL')
  // Every acknowledged response must survive a power cut, not only a crash:
  // FULL syncs the WAL on each commit; throughput comes from group commit.
  raw.pragma('synchronous = FULL')
  raw.pragma('foreign_keys = ON')
  raw.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) })
  Object.defineProperty(db, DIALECT, { value: 'sqlite' satisfies DialectName })
  return { db, dialect: 'sqlite', file, close: () => db.destroy() }
}

/**
 * Kysely prepares every query anew; better-sqlite3's authors advise caching
 * statements (WiseLibs/better-sqlite3#793), and re-preparing grows native
 * memory. A bounded map keyed by SQL text nearly doubles write throughput.
 */
function withStatementCache(raw: SQLite.Database, limit = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>()
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      }
      return (source: string) => {
        let stmt = cache.get(source)
        if (!stmt) {
          stmt = target.prepare(source)
          if (cache.size >= limit) cache.delete(cache.keys().next().value!)
          cache.set(source, stmt)
        }
        return stmt
      }
    },
  })
}
