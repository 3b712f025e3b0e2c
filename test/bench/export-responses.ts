/**
 * Exports a year of responses of a large province over HTTP as CSV, as an
 * administrator would, and prints rows per second and the server's peak
 * resident memory (sampled from /proc while the file streams, and the
 * kernel's high-water mark). The store comes from
 * `HAILONG_DATA=<dir> npm run generate -- 1000000 --years 1`.
 *
 *   HAILONG_DATA=/tmp/hailong-export-bench npm run bench:export [-- survey=counter-rating]
 */
import { readFileSync } from 'node:fs'
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { spawnServer, storeEnv } from '../support/server-process.ts'
import { ADMIN_PASSWORD } from '../support/start-server.ts'
import { saveResult } from './results-file.ts'

const dataDir = process.env.HAILONG_DATA
if (!dataDir) {
  console.error('set HAILONG_DATA to a store made by `npm run generate -- 1000000 --years 1`')
  process.exit(2)
}
const survey = process.argv.find((a) => a.startsWith('survey='))?.slice(7) ?? 'counter-rating'

const memory = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 }
}

const server = await spawnServer(storeEnv(dataDir, null), 300_000)
try {
  const pid = server.child.pid!
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: process.env.HAILONG_BENCH_PASSWORD ?? ADMIN_PASSWORD }) })
  if (login.status !== 200) throw new Error(`login failed: ${login.status} (a store that already has another administrator password?)`)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const units = await (await fetch(`${server.url}/api/v1/units`, { headers: { cookie } })).json()
  const root = (units.units as { id: number; parent: number | null }[]).find((u) => u.parent === null)!
  const today = localDay(new Date())
  const from = addDays(today, -365)
  const to = addDays(today, -1)
  const before = memory(pid)
  let peak = before.rss
  const sampler = setInterval(() => (peak = Math.max(peak, memory(pid).rss)), 100)
  const t0 = performance.now()
  // identity: the figure is the export's, not the compression's.
  const res = await fetch(`${server.url}/api/v1/exports/responses?unit=${root.id}&from=${from}&to=${to}&survey=${survey}&format=csv`, { headers: { cookie, 'accept-encoding': 'identity' } })
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`)
  let bytes = 0
  let lines = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++
  }
  const seconds = (performance.now() - t0) / 1000
  clearInterval(sampler)
  const after = memory(pid)
  const rows = lines - 1
  saveResult('export-responses', {
    survey,
    from,
    to,
    rows,
    megabytes: Math.round(bytes / 1e5) / 10,
    seconds: Math.round(seconds * 10) / 10,
    rows_per_second: Math.round(rows / seconds),
    rss_before_mb: Math.round(before.rss),
    rss_peak_during_mb: Math.round(Math.max(peak, after.rss)),
    rss_high_water_mb: Math.round(after.hwm),
  })
} finally {
  await server.stop('SIGTERM')
}
