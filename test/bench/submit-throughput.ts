/**
 * Survey submissions per second on one server process, with every 201 on disk
 * (SQLite synchronous=FULL, group commit), against a bare Hono route that
 * parses the same JSON, in the same run. Prints requests per second, p50/p99
 * latency and the ratio; saves them to results.json.
 *
 *   npm run bench:submit -- [seconds=10] [connections=64]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { saveResult } from './results-file.ts'

const seconds = Number(process.argv[2] ?? 10)
const connections = Number(process.argv[3] ?? 64)
const root = new URL('../../', import.meta.url).pathname

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

const bundle = join(root, 'server/.build', `bench-submit-${process.pid}`)

/** Resident memory now and at its highest, from /proc. */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const mb = (name: string) => Math.round(Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024)
  return { rss_mb: mb('VmRSS'), rss_peak_mb: mb('VmHWM') }
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

async function load(port: number, touchpoint: string) {
  const latencies: number[] = []
  let errors = 0
  const until = Date.now() + seconds * 1000
  const worker = async () => {
    while (Date.now() < until) {
      const body = JSON.stringify({ id: randomUUID(), touchpoint, answers: { overall: Math.random() < 0.9 ? 2 : 0 } })
      const t0 = performance.now()
      const res = await post(port, '/api/v1/responses', body)
      latencies.push(performance.now() - t0)
      if (res.status !== 201) errors++
    }
  }
  const t0 = Date.now()
  await Promise.all(Array.from({ length: connections }, worker))
  const elapsed = (Date.now() - t0) / 1000
  latencies.sort((a, b) => a - b)
  const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! * 100) / 100
  return { requests: latencies.length, errors, rps: Math.round(latencies.length / elapsed), p50_ms: q(0.5), p99_ms: q(0.99) }
}

async function main() {
  const data = mkdtempSync(join(tmpdir(), 'hailong-bench-'))
  const procs: ChildProcess[] = []
  try {
    // hailong as `npm start` runs it: the prebuilt bundle with its heap limit, so memory is what production sees.
    if (spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/build.ts', bundle], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('build failed')
    const hl = await start(['--max-old-space-size=128', join(bundle, 'main.mjs')], { HAILONG_DATA: data, HAILONG_DEMO: '0', HAILONG_ADMIN_PASSWORD: 'bench', PORT: '3901', HAILONG_RATE_LIMIT: '0' }, /listening on port/)
    procs.push(hl)
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
    const unit = JSON.parse((await post(3901, '/api/v1/units', JSON.stringify({ name: 'Bench', type: 'one-stop', sector: 'administrative' }), { cookie: session })).text)
    const tp = JSON.parse((await post(3901, '/api/v1/touchpoints', JSON.stringify({ unit: unit.id, survey: 'counter-rating', label: 'Quầy' }), { cookie: session })).text)

    await load(3902, tp.code) // warm-up
    const bareRun = await load(3902, tp.code)
    await load(3901, tp.code)
    const hailong = { ...(await load(3901, tp.code)), ...memoryOf(hl.pid!) }
    saveResult('submit_throughput', {
      seconds,
      connections,
      durability: 'SQLite WAL, synchronous=FULL, group commit (multi-row inserts)',
      hailong,
      bare_hono_json: bareRun,
      ratio: Math.round((hailong.rps / bareRun.rps) * 1000) / 1000,
      goal: 'issue #6: ≥ 8,000/s, p99 < 50 ms, ratio ≥ 0.25',
    })
  } finally {
    for (const p of procs) p.kill('SIGTERM')
    rmSync(data, { recursive: true, force: true })
    rmSync(bundle, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
