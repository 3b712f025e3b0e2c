/**
 * Results of a whole province over a year, read over HTTP from a server
 * holding N generated responses, for several N: p50/p95 latency per query,
 * the slowdown from the smallest to the largest store, and the server's
 * resident memory. Generated stores are kept in HAILONG_BENCH_DIR (default
 * /tmp/hailong-bench) and reused; 10,000,000 responses take a while to make.
 *
 *   npm run bench:read -- [sizes=100000,10000000] [requests=200]
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { residentMemory, startBundledServer } from './bundle-server.ts'
import { saveResult } from './results-file.ts'

const sizes = (process.argv[2] ?? '100000,10000000').split(',').map(Number)
const requests = Number(process.argv[3] ?? 200)
const root = new URL('../../', import.meta.url).pathname
const benchDir = process.env.HAILONG_BENCH_DIR || '/tmp/hailong-bench'
/** The administrator of the generated stores (created on first start, or set with npm run admin -- reset-password). */
const PASSWORD = process.env.HAILONG_BENCH_PASSWORD || 'bench-password-42'

function ensureStore(size: number): string {
  const dir = join(benchDir, String(size))
  if (existsSync(join(dir, 'hailong.sqlite'))) return dir
  console.log(`[bench] generating ${size.toLocaleString('en')} responses in ${dir} …`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/generate.ts', String(size)], { cwd: root, env: { ...process.env, HAILONG_DATA: dir }, stdio: 'inherit' })
  if (run.status !== 0) throw new Error('generate failed')
  return dir
}

const rssMb = (pid: number) => Math.round(residentMemory(pid).rssMb)

async function measure(url: string, cookie: string): Promise<{ p50_ms: number; p95_ms: number; n: number }> {
  const times: number[] = []
  let n = 0
  for (let i = 0; i < requests + 20; i++) {
    const t0 = performance.now()
    const res = await fetch(url, { headers: { cookie } })
    const body = (await res.json()) as { n?: number; rows?: unknown[] }
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`)
    if (i >= 20) times.push(performance.now() - t0)
    n = body.n ?? body.rows?.length ?? 0
  }
  times.sort((a, b) => a - b)
  const q = (p: number) => Math.round(times[Math.floor(p * (times.length - 1))]! * 100) / 100
  return { p50_ms: q(0.5), p95_ms: q(0.95), n }
}

async function main() {
  const lastYear = String(Number(localDay(new Date()).slice(0, 4)) - 1)
  const rolling = `${addDays(localDay(new Date()), -364)}..${localDay(new Date())}`
  // The dashboard's default period: from the first of January to today, so the current month is ragged.
  const yearToDate = `${localDay(new Date()).slice(0, 4)}-01-01..${localDay(new Date())}`
  const figures: Record<string, unknown> = {}
  for (const [i, size] of sizes.entries()) {
    const dir = ensureStore(size)
    // The server as `npm start` runs it: the prebuilt bundle, so its memory is what production sees.
    const server = await startBundledServer(`read-${i}`, { ...process.env, HAILONG_DATA: dir, HAILONG_DEMO: '0', HAILONG_ADMIN_PASSWORD: PASSWORD })
    try {
      const base = server.url
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) })
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!
      const units = (await (await fetch(`${base}/api/v1/units`, { headers: { cookie } })).json()) as { units: { id: number; type: string; parent: number | null }[] }
      const province = units.units.find((u) => u.parent === null)!.id
      const district = units.units.find((u) => u.type === 'district')!.id
      const queries: Record<string, string> = {
        province_year_counter: `/api/v1/results?unit=${province}&period=${lastYear}&survey=counter-rating`,
        province_year_counter_by_month: `/api/v1/results?unit=${province}&period=${lastYear}&survey=counter-rating&by=month`,
        province_year_outpatient_by_section: `/api/v1/results?unit=${province}&period=${lastYear}&survey=health-outpatient&by=section`,
        province_rolling_year_counter: `/api/v1/results?unit=${province}&period=${rolling}&survey=counter-rating`,
        province_year_to_date_counter: `/api/v1/results?unit=${province}&period=${yearToDate}&survey=counter-rating`,
        district_year_counter_by_service: `/api/v1/results?unit=${district}&period=${lastYear}&survey=counter-rating&by=service`,
        province_table_year_counter: `/api/v1/results/units?unit=${province}&period=${lastYear}&survey=counter-rating`,
      }
      const run: Record<string, unknown> = {}
      for (const [name, path] of Object.entries(queries)) {
        run[name] = await measure(base + path, cookie)
        console.log(`[bench] ${size.toLocaleString('en')} responses, ${name}: ${JSON.stringify(run[name])}`)
      }
      run.server_rss_mb = rssMb(server.child.pid!)
      figures[String(size)] = run
    } finally {
      await server.stop()
    }
  }
  const [small, large] = [figures[String(sizes[0])], figures[String(sizes[sizes.length - 1])]] as Record<string, { p95_ms: number }>[]
  saveResult('results_read', {
    requests,
    queries_note: 'province = the whole generated province (2,591 units); year = the last calendar year; rolling = the last 365 days, year_to_date = 1 January to today (the dashboard default); in both the ragged month is read raw',
    by_size: figures,
    headline_p95_ratio_largest_to_smallest: Math.round((large!.province_year_counter!.p95_ms / small!.province_year_counter!.p95_ms) * 100) / 100,
    goal: 'issue #6: province-year results < 50 ms p95 at 10,000,000 responses, ≤ 2× the time at 100,000; server < 200 MB resident',
  })
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
