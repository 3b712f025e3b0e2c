/**
 * `npm run backup -- <file>`: an online copy of the SQLite database while the
 * server keeps taking submissions. VACUUM INTO reads one consistent snapshot
 * in a single read transaction, which under WAL never blocks the server's
 * writers (the page-by-page backup API restarts whenever another process
 * writes, and may never finish on a busy day). The copy is written under a
 * temporary name, synced and checked, and only then takes the name asked
 * for, so a file by that name is always a whole backup.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { readConfig } from '../config.ts'
import { checkFile, postgresAnswer, sqliteFile, syncPath } from './sqlite-file.ts'

const USAGE = 'usage: npm run backup -- <file>   (HAILONG_DATA names the data folder; the file must not exist yet)'

function main(args: string[]): number {
  const config = readConfig()
  if (config.databaseUrl) return postgresAnswer('backup')
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    console.error(USAGE)
    return 2
  }
  const target = resolve(args[0]!)
  const source = sqliteFile(config.dataDir)
  if (existsSync(target)) {
    console.error(`${target} already exists: choose a new name (a backup never overwrites a file)`)
    return 1
  }
  if (!existsSync(source)) {
    console.error(`no database at ${source} (check HAILONG_DATA)`)
    return 1
  }
  const started = Date.now()
  const partial = `${target}.partial-${process.pid}`
  const db = new SQLite(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 10000')
    db.prepare('VACUUM INTO ?').run(partial)
  } catch (err) {
    rmSync(partial, { force: true })
    console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  } finally {
    db.close()
  }
  syncPath(partial)
  const check = checkFile(partial)
  if (!check.ok) {
    rmSync(partial, { force: true })
    console.error(`the copy failed its integrity check, nothing written: ${check.problems.slice(0, 5).join('; ')}`)
    return 1
  }
  renameSync(partial, target)
  syncPath(dirname(target))
  const mb = (statSync(target).size / 1024 / 1024).toFixed(1)
  console.log(`backed up ${check.responses} responses to ${target} (${mb} MB, ${Date.now() - started} ms); integrity check ok`)
  return 0
}

process.exitCode = main(process.argv.slice(2))
