/**
 * Starts a real hailong server on a free loopback port with a fresh SQLite
 * file in a temporary folder: the tests speak real HTTP to real storage.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { boot, type Booted } from '../../server/boot.ts'
import { readConfig } from '../../server/config.ts'

export const ADMIN_PASSWORD = 'test-admin-password'

export interface TestServer {
  url: string
  dataDir: string
  hl: Booted
  /** Logs in as admin and returns the Cookie header value. */
  login(): Promise<string>
  close(): Promise<void>
}

export async function startServer(opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hailong-test-'))
  const config = readConfig({ HAILONG_DATA: dataDir, HAILONG_DEMO: opts.demo ? '1' : '0', HAILONG_ADMIN_PASSWORD: ADMIN_PASSWORD, PORT: '0', ...opts.env })
  const hl = await boot(config)
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: hl.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  // Posters and touchpoint records print this address.
  config.publicUrl = url
  return {
    url,
    dataDir,
    hl,
    async login() {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`)
      return res.headers.get('set-cookie')!.split(';')[0]!
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      await hl.shutdown()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
