/**
 * What the backup and restore commands share: where the SQLite file lives,
 * how a copy is flushed to the disk,
 * how its soundness is checked, and the answer for PostgreSQL (whose own
 * tools do this job better than we could).
 */
import { closeSync, fsyncSync, openSync } from 'node:fs'
import SQLite from 'better-sqlite3'

export { sqliteFile } from '../db/open-database.ts'

/** Flushes a file (or a folder, after a rename in it) to the disk. */
export function syncPath(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** PostgreSQL has its own online backup; exit code 2 says "not this tool". */
export function postgresAnswer(command: 'backup' | 'restore'): number {
  console.error(
    command === 'backup'
      ? 'DATABASE_URL is set: on PostgreSQL back up with pg_dump, e.g. pg_dump --format=custom --file=hailong.dump "$DATABASE_URL" (online, consistent).'
      : 'DATABASE_URL is set: on PostgreSQL restore with pg_restore, e.g. pg_restore --clean --if-exists --dbname="$DATABASE_URL" hailong.dump (stop the servers first).',
  )
  return 2
}

export interface Soundness {
  ok: boolean
  /** integrity_check's findings, or why the file is not a hailong database. */
  problems: string[]
  responses: number
}

/** PRAGMA integrity_check on a file opened read-only, and that it is a hailong database at all. */
export function checkFile(file: string): Soundness {
  let db: SQLite.Database | null = null
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true })
    const found = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]
    const problems = found.map((r) => r.integrity_check).filter((m) => m !== 'ok')
    if (problems.length) return { ok: false, problems, responses: 0 }
    const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name))
    const missing = ['kysely_migration', 'responses', 'answers', 'units'].filter((t) => !tables.has(t))
    if (missing.length) return { ok: false, problems: [`not a hailong database: no table ${missing.join(', ')}`], responses: 0 }
    const { n } = db.prepare('select count(*) as n from responses').get() as { n: number }
    return { ok: true, problems: [], responses: n }
  } catch (err) {
    return { ok: false, problems: [err instanceof Error ? err.message : String(err)], responses: 0 }
  } finally {
    db?.close()
  }
}
