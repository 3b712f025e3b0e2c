/**
 * Several stateless server processes sharing one PostgreSQL: two real server
 * processes start at once on the same empty database (migrations must not
 * trip over each other), then take submissions concurrently, including the
 * same ids sent to both at the same moment. Every response must be stored
 * once and the rollups must equal a recount.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../server/config.ts'
import { openDatabase } from '../../server/db/open-database.ts'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { loadSurveys } from '../../server/surveys/load-surveys.ts'
import { freshPostgresDatabase, TEST_DIALECT } from '../support/start-server.ts'

const root = new URL('../../', import.meta.url).pathname
const PASSWORD = 'multi-process-admin'

function startProcess(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, HAILONG_DEMO: '0', HAILONG_ADMIN_PASSWORD: PASSWORD, PORT: '0', HAILONG_RATE_LIMIT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)))
  })
}

describe.skipIf(TEST_DIALECT !== 'postgres')('two server processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>
  const servers: { child: ChildProcess; url: string }[] = []

  beforeAll(async () => {
    database = await freshPostgresDatabase()
    servers.push(...(await Promise.all([startProcess(database.url), startProcess(database.url)])))
  }, 90_000)

  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM')
    await Promise.all(servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.on('exit', r)))))
    await database?.drop()
  })

  it('stores every response once and keeps the rollups equal to a recount', async () => {
    const [a, b] = [servers[0]!, servers[1]!]
    const login = await fetch(`${a.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const post = async (base: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
      return { status: res.status, body: await res.json() }
    }
    const unit = (await post(a.url, '/api/v1/units', { name: 'Xã Hai Máy', type: 'one-stop', sector: 'administrative' }, { cookie })).body
    const codes: string[] = []
    for (const label of ['Quầy 1', 'Quầy 2', 'Quầy 3']) codes.push((await post(b.url, '/api/v1/touchpoints', { unit: unit.id, survey: 'counter-rating', label }, { cookie })).body.code)

    const bodies = Array.from({ length: 600 }, (_, i) => ({ id: randomUUID(), touchpoint: codes[i % 3], answers: { overall: i % 7 === 0 ? 0 : 2 } }))
    // Each body goes to one process; every third one goes to both at the same moment.
    const sends = bodies.flatMap((body, i) => (i % 3 === 0 ? [post(a.url, '/api/v1/responses', body), post(b.url, '/api/v1/responses', body)] : [post(i % 2 ? a.url : b.url, '/api/v1/responses', body)]))
    const answers = await Promise.all(sends)
    expect(answers.filter((r) => r.status !== 201 && r.status !== 200)).toEqual([])
    expect(answers.filter((r) => r.status === 201)).toHaveLength(bodies.length)

    const results = (await (await fetch(`${b.url}/api/v1/results?unit=${unit.id}&survey=counter-rating`, { headers: { cookie } })).json()) as { n: number }
    expect(results.n).toBe(bodies.length)

    const store = await openDatabase(readConfig({ DATABASE_URL: database.url }))
    try {
      const rows = await store.db.selectFrom('responses').select(['uid']).execute()
      expect(rows).toHaveLength(bodies.length)
      expect(new Set(rows.map((r) => r.uid))).toEqual(new Set(bodies.map((x) => x.id)))
      const checks = await verifyRollups(store.db, store.dialect, loadSurveys(readConfig({}).surveysDir))
      expect(checks.flatMap((c) => c.mismatched)).toEqual([])
    } finally {
      await store.close()
    }
  }, 120_000)
})
