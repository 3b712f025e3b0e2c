/**
 * Opens the store: the SQLite file under the data folder by default, or
 * PostgreSQL when a postgres:// URL is given.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import Cursor from 'pg-cursor'
import type { DialectName } from './dialect.ts'
import type { Database } from './schema.ts'

export interface OpenDatabase {
  db: Kysely<Database>
  dialect: DialectName
  /** The SQLite file, when on SQLite. */
  file: string | null
  close(): Promise<void>
}

export interface OpenOptions {
  dataDir: string
  databaseUrl: string | null
  /** SQLite: how long a writer waits for another connection's transaction (the write thread's, or the server thread's) before giving up. */
  busyTimeoutMs?: number
  /** SQLite: WAL pages before a commit copies them into the database file (SQLite's default is 1,000). */
  walAutocheckpointPages?: number
  /**
   * SQLite: temporary files in memory. Each multi-row statement of the write
   * path keeps a statement journal; past 64 KiB SQLite spills it to a temporary
   * file, created and unlinked again for every statement (hundreds a second
   * under load). The write thread's statements are small, so memory is the
   * cheaper place; readers keep files, as a large sort must not grow the process.
   */
  tempInMemory?: boolean
}

/**
 * WAL pages past which a commit checkpoints, on the server's connections
 * (SQLite's default is 1,000). The checkpoint thread
 * (store/checkpoint-worker.ts) has copied all but the last few milliseconds
 * by then, so this checkpoint is short, and it lets the next commit write
 * from the start of the WAL instead of growing it.
 */
export const COMMIT_CHECKPOINT_PAGES = 4_000

/** The SQLite file in the data folder. */
export const sqliteFile = (dataDir: string) => join(dataDir, 'hailong.sqlite')

export async function openDatabase(opts: OpenOptions): Promise<OpenDatabase> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl)
  mkdirSync(opts.dataDir, { recursive: true })
  const file = sqliteFile(opts.dataDir)
  const raw = new SQLite(file)
  raw.pragma('journal_mode = WAL')
  // Every acknowledged response must survive a power cut, not only a crash:
  // FULL syncs the WAL on each commit; throughput comes from group commit.
  raw.pragma('synchronous = FULL')
  raw.pragma('foreign_keys = ON')
  if (opts.tempInMemory) raw.pragma('temp_store = MEMORY')
  if (opts.walAutocheckpointPages) raw.pragma(`wal_autocheckpoint = ${opts.walAutocheckpointPages}`)
  raw.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) })
  return { db, dialect: 'sqlite', file, close: () => db.destroy() }
}

/**
 * PostgreSQL for provinces that outgrow one machine: several stateless server
 * processes share it. Counts (int8) and numerics arrive as strings from the pg
 * driver; they are parsed once here so the rest of the code sees numbers on
 * both dialects (Kysely's data-types recipe). Counts stay far below 2^53.
 */
async function openPostgres(url: string): Promise<OpenDatabase> {
  pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))
  pg.types.setTypeParser(1700, (v) => Number.parseFloat(v))
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // An idle connection that the server ends (a restart, a failover, an
  // administrator's pg_terminate_backend) is reported on the pool; unheard,
  // that event would take the whole process down. The pool drops the
  // connection and opens another for the next query.
  pool.on('error', (err) => console.error(`[hailong] an idle PostgreSQL connection ended (${err.message}); the pool replaces it`))
  // Fail at start-up, not at the first citizen's submission.
  await pool.query('select 1')
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) })
  return { db, dialect: 'postgres', file: null, close: () => db.destroy() }
}

/**
 * Kysely prepares every query anew; better-sqlite3's authors advise caching
 * statements (WiseLibs/better-sqlite3#793), and re-preparing grows native
 * memory. A bounded map keyed by SQL text nearly doubles write throughput.
 *
 * Transactions begin IMMEDIATE: two connections write to the file (the
 * server's and the write thread's), and a deferred transaction that read
 * first and then wrote after the other had committed would fail at once
 * (SQLITE_BUSY_SNAPSHOT) instead of waiting its turn. Every transaction here
 * writes, so taking the write lock up front costs nothing.
 */
function withStatementCache(raw: SQLite.Database, limit = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>()
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      }
      return (sql: string) => {
        const source = sql === 'begin' ? 'begin immediate' : sql
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
