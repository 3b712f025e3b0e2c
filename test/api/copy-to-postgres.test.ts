/**
 * Moving from SQLite to PostgreSQL: the demo province on a SQLite file is
 * copied by the real command into an empty PostgreSQL database, and a server
 * on the copy answers every results query exactly as the original does.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { boot, type Booted } from '../../server/boot.ts'
import { readConfig } from '../../server/config.ts'
import { freshPostgresDatabase, TEST_DIALECT } from '../support/start-server.ts'

const root = new URL('../../', import.meta.url).pathname
const PASSWORD = 'copy-admin-password'

describe.skipIf(TEST_DIALECT !== 'postgres')('copy-to-postgres', () => {
  const data = mkdtempSync(join(tmpdir(), 'hailong-copy-'))
  const open: Booted[] = []
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined
  afterAll(async () => {
    for (const hl of open) await hl.shutdown()
    await database?.drop()
    rmSync(data, { recursive: true, force: true })
  })

  it('copies every row and the same queries give the same answers', async () => {
    const env = { HAILONG_DATA: data, HAILONG_ADMIN_PASSWORD: PASSWORD, HAILONG_RATE_LIMIT: '0' }
    const source = await boot(readConfig({ ...env, HAILONG_DEMO: '1' }))
    await source.shutdown()
    database = await freshPostgresDatabase()

    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/copy-to-postgres.ts'], { cwd: root, env: { ...process.env, ...env, DATABASE_URL: database.url }, encoding: 'utf8' })
    expect(run.stderr.replace(/npm warn.*\n/g, '')).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/responses: \d{4,} rows/)
    expect(run.stdout).toContain('every table matches')

    const a = await boot(readConfig({ ...env, HAILONG_DEMO: '0' }))
    const b = await boot(readConfig({ ...env, HAILONG_DEMO: '0', DATABASE_URL: database.url }))
    open.push(a, b)
    const login = async (hl: Booted) => {
      const res = await hl.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) })
      expect(res.status).toBe(200)
      return res.headers.get('set-cookie')!.split(';')[0]!
    }
    const [ca, cb] = [await login(a), await login(b)]
    const units = (await (await a.app.request('/api/v1/units', { headers: { cookie: ca } })).json()) as { units: { id: number }[] }
    for (const unit of units.units.slice(0, 6)) {
      for (const path of [`/api/v1/results/units?unit=${unit.id}`, `/api/v1/comments?unit=${unit.id}&period=${new Date().getUTCFullYear()}`]) {
        const [x, y] = await Promise.all([a.app.request(path, { headers: { cookie: ca } }), b.app.request(path, { headers: { cookie: cb } })])
        expect(y.status, path).toBe(x.status)
        expect(await y.json(), path).toEqual(await x.json())
      }
    }
    // New rows on the copy take fresh ids after the copied ones.
    const created = await b.app.request('/api/v1/units', { method: 'POST', headers: { cookie: cb, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Xã Mới', type: 'commune' }) })
    expect(created.status).toBe(201)
    expect(((await created.json()) as { id: number }).id).toBeGreaterThan(Math.max(...units.units.map((u) => u.id)))
  }, 180_000)
})
