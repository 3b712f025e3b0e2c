/**
 * Retention: an administrator sets how many months raw answers are kept;
 * `npm run retention` (the real script, run with tsx against the server's
 * store) deletes the older responses and answers, and the figures of those
 * months, read from the rollups, stay as they were.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { keptFromMonth } from '../../server/store/retention.ts'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { responseRecord } from '../support/response-record.ts'
import { freshPostgresDatabase, startServer, TEST_DIALECT, type TestServer } from '../support/start-server.ts'

const root = new URL('../../', import.meta.url).pathname
let data: string
let storeEnv: Record<string, string>
let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | null = null
let srv: TestServer
let cookie: string
let unit: number

function retention(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...storeEnv }
    if (!storeEnv.DATABASE_URL) delete env.DATABASE_URL
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/retention.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`retention did not exit: ${out}`))
    }, 60_000)
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

async function api(method: string, path: string, json?: unknown) {
  const res = await fetch(srv.url + path, { method, headers: { cookie, ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined })
  return { status: res.status, body: await res.json() }
}

/** Months back from this month, as YYYY-MM. */
const monthsAgo = (n: number) => keptFromMonth(localDay(new Date()), n)

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'hailong-retention-'))
  database = TEST_DIALECT === 'postgres' ? await freshPostgresDatabase() : null
  storeEnv = database ? { DATABASE_URL: database.url } : { HAILONG_DATA: data }
  srv = await startServer({ env: storeEnv })
  cookie = await srv.login()
  unit = (await api('POST', '/api/v1/units', { name: 'Xã Lưu Trữ', type: 'commune', sector: 'administrative' })).body.id
  const tp = (await api('POST', '/api/v1/touchpoints', { unit, survey: 'counter-rating', label: 'Quầy 1' })).body
  // Thirty months ago, twenty-six months ago, and last month: the first two are past a 24-month retention.
  for (const [month, ratings] of [[monthsAgo(30), [2, 2, 1, 0, 1]], [monthsAgo(26), [0, 1, 2]], [monthsAgo(1), [1, 2, 2, 0]]] as const) {
    for (const [i, overall] of ratings.entries()) {
      const day = `${month}-${String(3 + i * 5).padStart(2, '0')}`
      await srv.hl.writer.write(responseRecord({ id: tp.id, unit }, day, overall === 0 ? { overall, improve: 1 } : { overall }, { comment: overall === 0 ? 'Chờ lâu quá' : null }))
    }
  }
  await srv.hl.writer.drain()
}, 60_000)
afterAll(async () => {
  await srv?.close()
  await database?.drop()
  rmSync(data, { recursive: true, force: true })
})

describe('retention', () => {
  it('is an administrator’s setting, 60 months unless changed, never under 3', async () => {
    expect((await api('GET', '/api/v1/settings')).body).toEqual({ retention_months: 60 })
    expect((await api('PATCH', '/api/v1/settings', { retention_months: 2 })).status).toBe(422)
    expect((await api('PATCH', '/api/v1/settings', { retention_months: 24 })).body).toEqual({ retention_months: 24 })
  })

  it('deletes older raw answers with the command, and the figures of those months stay', async () => {
    const figures = async () => {
      const out: unknown[] = []
      for (const m of [monthsAgo(30), monthsAgo(26), monthsAgo(1)]) {
        const r = (await api('GET', `/api/v1/results?unit=${unit}&period=${m}`)).body
        out.push({ n: r.n, index: r.index, ci: r.ci, verdict: r.verdict, metrics: r.metrics })
      }
      return out
    }
    const before = await figures()
    expect((before as { n: number }[]).map((f) => f.n)).toEqual([5, 3, 4])
    const res = await retention()
    expect(res.code, res.out).toBe(0)
    expect(res.out).toContain(`raw answers kept from ${monthsAgo(24)}; 8 older responses deleted`)

    const db = srv.hl.store.db
    const days = (await db.selectFrom('responses').select('day').orderBy('day').execute()).map((r) => r.day)
    expect(days).toHaveLength(4)
    expect(days.every((d) => d >= `${monthsAgo(24)}-01`)).toBe(true)
    const orphans = await db.selectFrom('answers').select('response_id').where('response_id', 'not in', db.selectFrom('responses').select('id')).execute()
    expect(orphans).toEqual([])
    expect(await figures()).toEqual(before)
    expect((await verifyRollups(db, srv.hl.store.dialect, srv.hl.surveys)).flatMap((c) => c.mismatched)).toEqual([])
    // What only raw rows could answer is gone with them: the comments of those months.
    const old = (await api('GET', `/api/v1/comments?unit=${unit}&from=${monthsAgo(30)}-01&to=${addDays(`${monthsAgo(25)}-01`, -1)}`)).body
    expect(old.items).toEqual([])
  })

  it('does nothing more when run again', async () => {
    const res = await retention()
    expect(res.out).toContain('; 0 older responses deleted')
  })
})
