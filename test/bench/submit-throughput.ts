/**
 * Survey submissions per second on one server process, with every 201 on disk
 * (SQLite synchronous=FULL, group commit), against a bare Hono route that
 * parses the same JSON, in the same run. Prints requests per second, p50/p99
 * latency and the ratio; saves them to results.json.
 *
 * Back-to-back runs on this machine differ by up to a sixth, so the two are
 * measured in alternation for a few rounds and the median round is kept
 * (each round's figures are saved beside it); the ratio is the median of
 * the rounds' own ratios, each from two runs made a few seconds apart.
 *
 *   npm run bench:submit -- [seconds=10] [connections=64] [rounds=3]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { residentMemory, startBundledServer } from './bundle-server.ts'
import { runLoad } from './load-client.ts'
import { saveResult } from './results-file.ts'

const seconds = Number(process.argv[2] ?? 10)
const connections = Number(process.argv[3] ?? 64)
const rounds = Number(process.argv[4] ?? 3)
const root = new URL('../../', import.meta.url).pathname

/** The yardstick: a bare Hono route (bare-server.ts). */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const script = args[args.length - 1]
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d
      if (ready.test(out)) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}: ${out}`)))
  })
}

/** Resident memory now and at its highest, from /proc. */
function memoryOf(pid: number) {
  const { rssMb, peakMb } = residentMemory(pid)
  return { rss_mb: Math.round(rssMb), rss_peak_mb: Math.round(peakMb) }
}

/** CPU seconds a process or one of its threads has used so far (user + system), from /proc. */
function cpuOf(pid: number, tid?: number): number {
  const fields = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** CPU seconds so far of every thread of a process. */
function threadsCpu(pid: number): Map<number, number> {
  return new Map(readdirSync(`/proc/${pid}/task`).map((t) => [Number(t), cpuOf(pid, Number(t))]))
}

/**
 * A load run with the server's CPU time per request beside it: the figure a
 * busy machine disturbs least. Split by thread: the request thread (the
 * process's first), the busiest other (the write thread, on SQLite), and the
 * rest (the checkpoint thread, V8's GC and libuv's helpers).
 */
async function measured(pid: number, port: number, touchpoints: string[]) {
  const cpu0 = cpuOf(pid)
  const threads0 = threadsCpu(pid)
  const mine0 = process.cpuUsage()
  const run = await load(port, touchpoints)
  const mine = process.cpuUsage(mine0)
  const perRequest = (seconds: number) => Math.round((seconds / run.requests) * 1e6)
  const used = [...threadsCpu(pid)].map(([tid, s]) => ({ tid, s: s - (threads0.get(tid) ?? 0) }))
  const others = used.filter((t) => t.tid !== pid).sort((a, b) => b.s - a.s)
  const sum = (ts: { s: number }[]) => ts.reduce((a, t) => a + t.s, 0)
  return {
    ...run,
    server_cpu_us_per_request: perRequest(cpuOf(pid) - cpu0),
    thread_cpu_us_per_request: { request_thread: perRequest(sum(used.filter((t) => t.tid === pid))), busiest_other: perRequest(sum(others.slice(0, 1))), rest: perRequest(sum(others.slice(1))) },
    client_cpu_us_per_request: Math.round((mine.user + mine.system) / run.requests),
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: connections })

function post(port: number, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode!, text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Each submission goes to a touchpoint drawn at random, so a batch touches many rollup rows, as a province's traffic does. */
const load = (port: number, touchpoints: string[]) =>
  runLoad({
    port,
    path: '/api/v1/responses',
    seconds,
    connections,
    expect: 201,
    body: () => JSON.stringify({ id: randomUUID(), touchpoint: touchpoints[Math.floor(Math.random() * touchpoints.length)], answers: { overall: Math.random() < 0.9 ? 2 : 0 } }),
  })

/** A province of 10 districts with 10 communes each, two counters per commune: 200 touchpoints, three levels of subtree rollups. */
async function province(cookie: string): Promise<string[]> {
  const make = async (path: string, body: object) => JSON.parse((await post(3901, path, JSON.stringify(body), { cookie })).text)
  const root = await make('/api/v1/units', { name: 'Tỉnh Thử', type: 'province', sector: 'administrative' })
  const codes: string[] = []
  for (let d = 1; d <= 10; d++) {
    const district = await make('/api/v1/units', { name: `Huyện ${d}`, type: 'district', sector: 'administrative', parent: root.id })
    for (let k = 1; k <= 10; k++) {
      const commune = await make('/api/v1/units', { name: `Xã ${d}.${k}`, type: 'one-stop', sector: 'administrative', parent: district.id })
      for (const label of ['Quầy 1', 'Quầy 2']) codes.push((await make('/api/v1/touchpoints', { unit: commune.id, survey: 'counter-rating', label })).code)
    }
  }
  return codes
}

async function main() {
  const data = mkdtempSync(join(tmpdir(), 'hailong-bench-'))
  const procs: ChildProcess[] = []
  let hl: Awaited<ReturnType<typeof startBundledServer>> | null = null
  try {
    // HAILONG_BENCH_PROFILE=<dir> writes the server's CPU profile there when it stops.
    const profile = process.env.HAILONG_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HAILONG_BENCH_PROFILE}`] : []
    hl = await startBundledServer('submit', { ...process.env, HAILONG_DATA: data, HAILONG_DEMO: '0', HAILONG_ADMIN_PASSWORD: 'bench', PORT: '3901', HAILONG_RATE_LIMIT: '0' }, { nodeFlags: profile })
    const bare = await start(['--import', 'tsx', 'test/bench/bare-server.ts'], { PORT: '3902' }, /ready/)
    procs.push(bare)
    // The session cookie is needed to create the touchpoint.
    const session = await new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ username: 'admin', password: 'bench' })
      const req = http.request({ host: '127.0.0.1', port: 3901, path: '/api/v1/auth/login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        res.resume()
        if (res.statusCode !== 200) return reject(new Error(`login: ${res.statusCode}`))
        resolve(String(res.headers['set-cookie']?.[0]).split(';')[0]!)
      })
      req.on('error', reject)
      req.end(body)
    })
    const touchpoints = await province(session)

    await load(3902, touchpoints) // warm-up
    await load(3901, touchpoints)
    const runs: { bare: Awaited<ReturnType<typeof measured>>; hailong: Awaited<ReturnType<typeof measured>>; ratio: number }[] = []
    for (let r = 0; r < rounds; r++) {
      const bareRun = await measured(bare.pid!, 3902, touchpoints)
      const hailong = await measured(hl.child.pid!, 3901, touchpoints)
      runs.push({ bare: bareRun, hailong, ratio: Math.round((hailong.rps / bareRun.rps) * 1000) / 1000 })
      console.log(`[bench] round ${r + 1}/${rounds}: hailong ${hailong.rps}/s (p99 ${hailong.p99_ms} ms), bare Hono ${bareRun.rps}/s, ratio ${runs.at(-1)!.ratio}`)
    }
    const median = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]!
    saveResult('submit_throughput', {
      seconds,
      connections,
      rounds,
      durability: 'SQLite WAL, synchronous=FULL, group commit in a write thread',
      traffic: 'JSON submissions spread at random over 200 touchpoints in a province of 10 districts and 100 communes',
      // The median round; resident memory is the process's high-water mark over every round.
      hailong: { ...median(runs, (x) => x.hailong.rps).hailong, ...memoryOf(hl.child.pid!) },
      bare_hono_json: median(runs, (x) => x.bare.rps).bare,
      ratio: median(runs, (x) => x.ratio).ratio,
      each_round: runs.map((x) => ({ hailong_rps: x.hailong.rps, hailong_p99_ms: x.hailong.p99_ms, bare_rps: x.bare.rps, ratio: x.ratio })),
      goal: 'issue #6: ≥ 8,000/s, p99 < 50 ms, ratio ≥ 0.25',
    })
  } finally {
    for (const p of procs) p.kill('SIGTERM')
    await hl?.stop()
    rmSync(data, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
