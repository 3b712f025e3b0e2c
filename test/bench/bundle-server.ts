/**
 * hailong as `npm start` runs it, for benchmarks: the esbuild bundle
 * (server/cli/build.ts) run by plain node with the same heap limit, so speed
 * and memory are what production sees, not those of the TypeScript loader.
 * Each call builds its own folder under server/.build/ and removes it on stop.
 */
import { readFileSync } from 'node:fs'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = new URL('../../', import.meta.url).pathname

/** The node flags of `npm start` (package.json). */
export const START_FLAGS = ['--enable-source-maps', '--max-old-space-size=128', '--max-semi-space-size=8']

export interface BundledServer {
  url: string
  child: ChildProcess
  /** Sends SIGTERM, waits for the exit, removes the bundle. */
  stop(): Promise<void>
}

/**
 * Builds the bundle into server/.build/bench-<name>-<pid> and starts it with
 * `env` on a free port (unless env.PORT is set); `nodeFlags` come after the
 * start flags (e.g. --cpu-prof).
 */
export async function startBundledServer(name: string, env: NodeJS.ProcessEnv, opts: { nodeFlags?: string[]; timeoutMs?: number } = {}): Promise<BundledServer> {
  const dir = join(ROOT, 'server/.build', `bench-${name}-${process.pid}`)
  if (spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/build.ts', dir], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('build failed')
  const child = spawn(process.execPath, [...START_FLAGS, ...(opts.nodeFlags ?? []), join(dir, 'main.mjs')], { cwd: ROOT, env: { PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  let out = ''
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start; output:\n${out}`)), opts.timeoutMs ?? 300_000)
      child.stdout!.on('data', (d: Buffer) => {
        out += d
        const m = /listening on port (\d+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      })
      child.stderr!.on('data', (d: Buffer) => (out += d))
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the server exited (${code}) before listening; output:\n${out}`))
      })
    })
    return { url: `http://127.0.0.1:${port}`, child, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/** A process's resident memory now and at its highest, in MB, from /proc. */
export function residentMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const mb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024
  return { rssMb: mb('VmRSS'), peakMb: mb('VmHWM') }
}
