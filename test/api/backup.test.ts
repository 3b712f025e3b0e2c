/**
 * Backups as an operator takes them: `npm run backup` while the real server
 * process keeps taking submissions, then `npm run restore` into a new data
 * folder, and a server started on it. SQLite only: on PostgreSQL the tools
 * are pg_dump and pg_restore, which the commands say (exit 2).
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../server/config.ts'
import { openDatabase, type OpenDatabase } from '../../server/db/open-database.ts'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { loadSurveys } from '../../server/surveys/load-surveys.ts'
import { makeTouchpoint, ROOT, spawnServer, storeEnv, type ServerProcess } from '../support/server-process.ts'
import { TEST_DIALECT } from '../support/start-server.ts'

let tmp: string
const source = () => join(tmp, 'live')

function cli(script: 'backup' | 'restore', args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${script} did not exit; output:\n${out}`))
    }, 60_000)
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hailong-backup-'))
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('backup and restore', () => {
  it('on PostgreSQL, point to pg_dump and pg_restore and exit 2', async () => {
    const env = { ...storeEnv(source(), 'postgresql://nobody@127.0.0.1:1/none') }
    const backup = await cli('backup', [join(tmp, 'never.sqlite')], env)
    expect([backup.code, backup.out]).toEqual([2, expect.stringMatching(/pg_dump/)])
    const restore = await cli('restore', [join(tmp, 'never.sqlite')], env)
    expect([restore.code, restore.out]).toEqual([2, expect.stringMatching(/pg_restore/)])
  })

  it.skipIf(TEST_DIALECT === 'postgres')(
    'copies the database online under load; the restored copy holds every response acknowledged before, identical, and boots',
    async () => {
      const srv: ServerProcess = await spawnServer(storeEnv(source(), null))
      const code = await makeTouchpoint(srv.url)
      const acked: string[] = []
      const bodies = new Map<string, string>()
      const odd: number[] = []
      let stop = false
      const clients = Array.from({ length: 4 }, async (_, c) => {
        for (let k = 0; !stop; k++) {
          const id = randomUUID()
          const body = JSON.stringify({ id, touchpoint: code, answers: k % 3 ? { overall: k % 3 } : { overall: 0, improve: 1 + (k % 7) }, comment: k % 4 ? null : `client ${c}, lần ${k}` })
          const res = await fetch(`${srv.url}/api/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          if (res.status !== 201) {
            odd.push(res.status)
            stop = true
          }
          bodies.set(id, body)
          acked.push(id)
        }
      })
      const until = async (n: number) => {
        while (acked.length < n && !stop) await new Promise((r) => setTimeout(r, 10))
      }
      await until(200)
      const before = [...acked]
      const file = join(tmp, 'hailong-backup.sqlite')
      const backup = await cli('backup', [file], storeEnv(source(), null))
      expect(backup.code, backup.out).toBe(0)
      expect(backup.out).toMatch(/backed up \d+ responses to .*integrity check ok/)
      // Writes went on during the copy and after it.
      await until(before.length + 200)

      // A running server holds the database: restore refuses to pull it from under it.
      const busy = await cli('restore', [file, '--force'], storeEnv(source(), null))
      expect([busy.code, busy.out]).toEqual([1, expect.stringMatching(/in use: stop the server/)])
      stop = true
      await Promise.all(clients)
      await srv.stop('SIGTERM')
      expect(odd).toEqual([])

      // A backup never overwrites; a damaged file is never restored.
      expect((await cli('backup', [file], storeEnv(source(), null))).code).toBe(1)
      const damaged = join(tmp, 'damaged.sqlite')
      const bytes = statSync(file).size
      await cli('backup', [damaged], storeEnv(source(), null))
      const fd = openSync(damaged, 'r+')
      writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(bytes / 2 / 4096) * 4096)
      closeSync(fd)
      const bad = await cli('restore', [damaged], storeEnv(join(tmp, 'never'), null))
      expect([bad.code, bad.out]).toEqual([1, expect.stringMatching(/cannot be restored/)])

      const restoredDir = join(tmp, 'restored')
      const restore = await cli('restore', [file], storeEnv(restoredDir, null))
      expect(restore.code, restore.out).toBe(0)
      // Restoring over an existing database wants --force, and keeps the old one.
      const again = await cli('restore', [file], storeEnv(restoredDir, null))
      expect([again.code, again.out]).toEqual([1, expect.stringMatching(/add --force/)])
      const forced = await cli('restore', [file, '--force'], storeEnv(restoredDir, null))
      expect([forced.code, forced.out]).toEqual([0, expect.stringMatching(/the replaced database is kept as .*hailong\.sqlite\.before-restore-/)])

      const surveys = loadSurveys(readConfig({}).surveysDir)
      const open = (dir: string) => openDatabase({ dataDir: dir, databaseUrl: null })
      const [live, copy] = [await open(source()), await open(restoredDir)]
      try {
        const dump = async (s: OpenDatabase) => {
          const rows = await s.db.selectFrom('responses').selectAll().orderBy('uid').execute()
          const answers = await s.db.selectFrom('answers as a').innerJoin('responses as r', 'r.id', 'a.response_id').select(['r.uid', 'a.item', 'a.value_num', 'a.value_text']).orderBy('r.uid').orderBy('a.item').execute()
          const byUid = new Map<string, typeof answers>()
          for (const a of answers) byUid.set(a.uid, [...(byUid.get(a.uid) ?? []), a])
          return { rows: new Map(rows.map((r) => [r.uid, r])), answers: byUid }
        }
        const [a, b] = [await dump(live), await dump(copy)]
        expect(b.rows.size).toBeLessThan(a.rows.size)
        expect(before.filter((id) => !b.rows.has(id))).toEqual([])
        expect(acked.filter((id) => !a.rows.has(id))).toEqual([])
        for (const [uid, row] of b.rows) {
          expect(row).toEqual(a.rows.get(uid))
          expect(b.answers.get(uid)).toEqual(a.answers.get(uid))
        }
        expect((await verifyRollups(copy.db, copy.dialect, surveys)).flatMap((c) => c.mismatched)).toEqual([])
        expect((await verifyRollups(live.db, live.dialect, surveys)).flatMap((c) => c.mismatched)).toEqual([])
        console.log(`[backup] ${before.length} acknowledged before the backup, ${b.rows.size} in it, ${a.rows.size} in the source at the end`)
      } finally {
        await live.close()
        await copy.close()
      }

      // The restored folder serves, and knows what it holds: the same id with the same body is a replay.
      const restored = await spawnServer(storeEnv(restoredDir, null))
      try {
        const replay = await fetch(`${restored.url}/api/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies.get(before[0]!) })
        expect(replay.status).toBe(200)
      } finally {
        await restored.stop('SIGTERM')
      }
    },
    180_000,
  )
})
