/**
 * `npm run restore -- <file> [--force]`: puts a backup back as the data
 * folder's database. The file must pass PRAGMA integrity_check first. The
 * server must be stopped: restore takes SQLite's exclusive lock on the
 * current database and refuses while any other process (a running server, a
 * backup) has it open. Replacing an existing database needs --force, and the
 * replaced file is kept beside it (hailong.sqlite.before-restore-<time>), so
 * responses stored after the backup are never destroyed by a restore.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { readConfig } from '../config.ts'
import { checkFile, postgresAnswer, sqliteFile, syncPath } from './sqlite-file.ts'

const USAGE = 'usage: npm run restore -- <file> [--force]   (into the data folder HAILONG_DATA; --force replaces an existing database, keeping it aside)'

/**
 * Folds the current database's WAL into its file and closes it, or says who
 * holds it. In exclusive locking mode the lock cannot be had while another
 * connection keeps the database open, even idle.
 */
function quiesce(file: string): string | null {
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE')
    db.exec('COMMIT')
    db.pragma('wal_checkpoint(TRUNCATE)')
    return null
  } catch (err) {
    const code = (err as { code?: string }).code
    return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' ? 'the database is in use: stop the server (and any backup) first' : `cannot open the current database: ${(err as Error).message}`
  } finally {
    db.close()
  }
}

function main(args: string[]): number {
  const config = readConfig()
  if (config.databaseUrl) return postgresAnswer('restore')
  const force = args.includes('--force')
  const files = args.filter((a) => a !== '--force')
  if (files.length !== 1 || files[0]!.startsWith('-')) {
    console.error(USAGE)
    return 2
  }
  const backup = resolve(files[0]!)
  const target = sqliteFile(config.dataDir)
  const check = checkFile(backup)
  if (!check.ok) {
    console.error(`${backup} cannot be restored: ${check.problems.slice(0, 5).join('; ')}`)
    return 1
  }
  mkdirSync(config.dataDir, { recursive: true })
  let kept: string | null = null
  if (existsSync(target)) {
    const busy = quiesce(target)
    if (busy) {
      console.error(`not restored: ${busy}`)
      return 1
    }
    if (!force) {
      console.error(`not restored: ${target} already exists; add --force to replace it (it will be kept as ${target}.before-restore-<time>)`)
      return 1
    }
    kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
  }
  const incoming = `${target}.restoring-${process.pid}`
  copyFileSync(backup, incoming)
  syncPath(incoming)
  const copied = checkFile(incoming)
  if (!copied.ok) {
    rmSync(incoming, { force: true })
    console.error(`the copy failed its integrity check, nothing changed: ${copied.problems.slice(0, 5).join('; ')}`)
    return 1
  }
  if (kept) renameSync(target, kept)
  // A WAL left behind belongs to the replaced file and must never be replayed into the restored one.
  for (const suffix of ['-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, (kept ?? `${target}.stale`) + suffix)
  renameSync(incoming, target)
  syncPath(config.dataDir)
  console.log(`restored ${check.responses} responses from ${backup} into ${target}${kept ? `; the replaced database is kept as ${kept}` : ''}`)
  return 0
}

process.exitCode = main(process.argv.slice(2))
