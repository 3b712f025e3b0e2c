/**
 * The real server as an operator runs it: `node --import tsx server/main.ts`
 * in its own process, on a data folder (or a PostgreSQL database) that
 * outlives it, so a test can kill it, start it again and look at the store.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { ADMIN_PASSWORD } from './start-server.ts'

export const ROOT = new URL('../../', import.meta.url).pathname

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Everything it printed so far. */
  output(): string
  /** Sends the signal and resolves when the process has gone. */
  stop(signal: NodeJS.Signals): Promise<void>
}

/**
 * The store settings a spawned process needs: a data folder, or a DATABASE_URL
 * (never one inherited by accident). Rate limits are off: these tests are one
 * address sending far faster than any counter of citizens.
 */
export function storeEnv(dataDir: string, databaseUrl: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HAILONG_DATA: dataDir, HAILONG_DEMO: '0', HAILONG_ADMIN_PASSWORD: ADMIN_PASSWORD, HAILONG_RATE_LIMIT: '0' }
  if (databaseUrl) env.DATABASE_URL = databaseUrl
  else delete env.DATABASE_URL
  return env
}

export function spawnServer(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the server did not start; output:\n${out}`))
    }, timeoutMs)
    const onData = (d: Buffer) => {
      out += d.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (!port) return
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      child.stdout!.on('data', (more: Buffer) => (out += more.toString()))
      resolve({
        url: `http://127.0.0.1:${port}`,
        child,
        output: () => out,
        async stop(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          await exited
        },
      })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${code}) before listening; output:\n${out}`))
    })
  })
}

/** Logs in as the administrator and makes one unit and a counter-rating touchpoint; returns its code. */
export async function makeTouchpoint(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const post = async (path: string, body: unknown) => {
    const res = await fetch(url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const unit = await post('/api/v1/units', { name: 'Xã Thử Độ Bền', type: 'commune', sector: 'administrative' })
  return (await post('/api/v1/touchpoints', { unit: unit.id, survey: 'counter-rating', label: 'Quầy 1' })).code
}
