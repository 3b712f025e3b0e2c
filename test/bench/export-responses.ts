/**
 * Exports a year of responses of a large province over HTTP as CSV, as an
 * administrator would, from the server as `npm start` runs it (the bundle,
 * 128 MB heap), and prints rows per second and the server's resident memory
 * before and during the export (sampled from /proc while the file streams,
 * and the kernel's high-water mark). Issue #6 asks for ≥ 200,000 rows/s over
 * about a million rows with flat memory: a year of a 10M-response store
 * (4.7M rows), or `days=730` on a 1M store (0.93M rows). Stores come from
 * `HAILONG_DATA=<dir> npm run generate -- 1000000`.
 *
 *   HAILONG_DATA=/tmp/hailong-export-bench npm run bench:export [-- survey=counter-rating] [days=365] [profile=<dir>]
 *
 * days: the period, ending yesterday; profile: the server writes a V8 CPU profile into that folder.
 */
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { storeEnv } from '../support/server-process.ts'
import { ADMIN_PASSWORD } from '../support/start-server.ts'
import { residentMemory, START_FLAGS, startBundledServer } from './bundle-server.ts'
import { saveResult } from './results-file.ts'

const dataDir = process.env.HAILONG_DATA
if (!dataDir) {
  console.error('set HAILONG_DATA to a store made by `npm run generate -- 1000000 --years 1`')
  process.exit(2)
}
const arg = (name: string) => process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
const survey = arg('survey') ?? 'counter-rating'
const days = Number(arg('days') ?? 365)
const profile = arg('profile')

const memory = (pid: number) => {
  const { rssMb, peakMb } = residentMemory(pid)
  return { rss: rssMb, hwm: peakMb }
}

const server = await startBundledServer('export', storeEnv(dataDir, null), { nodeFlags: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [] })
try {
  const pid = server.child.pid!
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: process.env.HAILONG_BENCH_PASSWORD ?? ADMIN_PASSWORD }) })
  if (login.status !== 200) throw new Error(`login failed: ${login.status} (a store that already has another administrator password?)`)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const units = await (await fetch(`${server.url}/api/v1/units`, { headers: { cookie } })).json()
  const root = (units.units as { id: number; parent: number | null }[]).find((u) => u.parent === null)!
  const today = localDay(new Date())
  const from = addDays(today, -days)
  const to = addDays(today, -1)
  const before = memory(pid)
  const samples: number[] = []
  const sampler = setInterval(() => samples.push(memory(pid).rss), 100)
  const t0 = performance.now()
  // identity: the figure is the export's, not the compression's.
  const res = await fetch(`${server.url}/api/v1/exports/responses?unit=${root.id}&from=${from}&to=${to}&survey=${survey}&format=csv`, { headers: { cookie, 'accept-encoding': 'identity' } })
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`)
  let bytes = 0
  let lines = 0
  // Lines counted with memchr (Buffer.indexOf): the client must not be what the figure measures.
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) lines++
  }
  const seconds = (performance.now() - t0) / 1000
  clearInterval(sampler)
  const after = memory(pid)
  const peak = Math.max(before.rss, after.rss, ...samples)
  // Ten samples spread over the export: flat memory shows as a flat row, not a climb.
  const spread = Array.from({ length: 10 }, (_, i) => Math.round(samples[Math.floor(((i + 1) * samples.length) / 10) - 1] ?? after.rss))
  const rows = lines - 1
  saveResult('export-responses', {
    server: `node ${START_FLAGS.join(' ')} (the npm start bundle)`,
    survey,
    days,
    from,
    to,
    rows,
    megabytes: Math.round(bytes / 1e5) / 10,
    seconds: Math.round(seconds * 10) / 10,
    rows_per_second: Math.round(rows / seconds),
    rss_before_mb: Math.round(before.rss),
    rss_peak_during_mb: Math.round(peak),
    rss_during_mb: spread,
    rss_high_water_mb: Math.round(after.hwm),
    rss_growth_mb: Math.round(peak - before.rss),
    goal: 'issue #6: ≥ 200,000 rows/s, flat memory',
  })
} finally {
  await server.stop()
}
