/**
 * Every benchmark in one command, then each figure beside its goal (issue #6):
 *
 *   npm run bench -- [sizes=100000,10000000]
 *
 * Submissions per second, province-year results at each store size (stores
 * are generated once into HAILONG_BENCH_DIR, default /tmp/hailong-bench, and
 * reused), and a year's CSV export from the largest store. Figures land in
 * test/bench/results.json with the machine they ran on.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const sizes = process.argv[2] ?? '100000,10000000'
const largest = sizes.split(',').map(Number).sort((a, b) => b - a)[0]!
const root = new URL('../../', import.meta.url).pathname
const benchDir = process.env.HAILONG_BENCH_DIR || '/tmp/hailong-bench'
const password = process.env.HAILONG_BENCH_PASSWORD || 'bench-password-42'

function run(script: string, args: string[], env: Record<string, string> = {}): void {
  const res = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (res.status !== 0) throw new Error(`${script} failed`)
}

run('test/bench/submit-throughput.ts', ['10', '64'])
run('test/bench/write-path.ts', ['3'])
run('test/bench/results-read.ts', [sizes, '200'])
run('test/bench/export-responses.ts', [], { HAILONG_DATA: join(benchDir, String(largest)), HAILONG_BENCH_PASSWORD: password })

type Figures = Record<string, any>
const r = JSON.parse(readFileSync(join(root, 'test/bench/results.json'), 'utf8')) as Figures
const read = r.results_read.by_size as Record<string, Figures>
const big = read[String(largest)]!
const rows: [string, string, string, boolean][] = [
  ['submissions per second', String(r.submit_throughput.hailong.rps), '≥ 8,000', r.submit_throughput.hailong.rps >= 8000],
  ['submission p99', `${r.submit_throughput.hailong.p99_ms} ms`, '< 50 ms', r.submit_throughput.hailong.p99_ms < 50],
  ['ratio to a bare Hono route', String(r.submit_throughput.ratio), '≥ 0.25', r.submit_throughput.ratio >= 0.25],
  [`province-year results p95 at ${largest.toLocaleString('en')}`, `${big.province_year_counter.p95_ms} ms`, '< 50 ms', big.province_year_counter.p95_ms < 50],
  ['slowdown from the smallest store', String(r.results_read.headline_p95_ratio_largest_to_smallest), '≤ 2', r.results_read.headline_p95_ratio_largest_to_smallest <= 2],
  [`server resident memory at ${largest.toLocaleString('en')}`, `${big.server_rss_mb} MB`, '< 200 MB', big.server_rss_mb < 200],
  ['server resident memory under submission load', `${r.submit_throughput.hailong.rss_peak_mb} MB`, '< 200 MB', r.submit_throughput.hailong.rss_peak_mb < 200],
  ['CSV export rows per second', String(r['export-responses'].rows_per_second), '≥ 200,000', r['export-responses'].rows_per_second >= 200_000],
]
console.log('\nfigure'.padEnd(52) + 'measured'.padEnd(14) + 'goal')
for (const [name, value, goal, met] of rows) console.log(`${name.padEnd(51)}${value.padEnd(14)}${goal.padEnd(12)}${met ? 'met' : 'NOT met'}`)
