/**
 * Start-up work that must happen once however many server processes start
 * together on one PostgreSQL (default targets, the first administrator,
 * rollups to rebuild, the demo province): it runs under a session advisory
 * lock held on a connection of its own, so a second process waits and then
 * finds the work done. SQLite serves one process; nothing to lock.
 */
import { sql, type Kysely } from 'kysely'
import type { DialectName } from './dialect.ts'

const SETUP_LOCK = 4_242_001

export async function withSetupLock<T>(db: Kysely<any>, dialect: DialectName, work: () => Promise<T>): Promise<T> {
  if (dialect !== 'postgres') return work()
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${SETUP_LOCK})`.execute(conn)
    try {
      return await work()
    } finally {
      await sql`select pg_advisory_unlock(${SETUP_LOCK})`.execute(conn)
    }
  })
}
