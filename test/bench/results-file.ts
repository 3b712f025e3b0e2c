/** Benchmarks print their figures and keep them in test/bench/results.json, one entry per benchmark. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'

const FILE = new URL('./results.json', import.meta.url).pathname

export function saveResult(name: string, figures: Record<string, unknown>): void {
  const all = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>) : {}
  all[name] = { ...figures, measured_at: new Date().toISOString(), node: process.version, cpus: cpus().length }
  writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`)
  console.log(`[bench] ${name}: ${JSON.stringify(figures)}`)
}
