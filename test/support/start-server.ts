/**
 * Starts a real hailong server on a free loopback port with a fresh SQLite
 * file in a temporary folder: the tests speak real HTTP to real storage.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { boot, type Booted } from '../../server/boot.ts'
import { readConfig, type Config } from '../../server/config.ts'

export const ADMIN_PASSWORD = 'test-admin-password'

export interface TestServer {
  url: string
  dataDir: string
  hl: Booted
  /** The running configuration (a test may print another public address on posters). */
  config: Config
  /** Logs in as admin and returns the Cookie header value. */
  login(): Promise<string>
  close(): Promise<void>
}

/** Which store the suite runs on: `HAILONG_TEST_DIALECT=postgres` (with PG* variables, as pg_virtualenv sets them) or SQLite. */
export const TEST_DIALECT = process.env.HAILONG_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite'

/** A fresh PostgreSQL database per test server, so test files never see each other's rows. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hailong_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client()
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const { PGHOST = 'localhost', PGPORT = '5432', PGUSER = 'postgres', PGPASSWORD = '' } = process.env
  const auth = `${encodeURIComponent(PGUSER)}${PGPASSWORD ? `:${encodeURIComponent(PGPASSWORD)}` : ''}`
  const url = PGHOST.startsWith('/') ? `postgresql://${auth}@/${name}?host=${encodeURIComponent(PGHOST)}&port=${PGPORT}` : `postgresql://${auth}@${PGHOST}:${PGPORT}/${name}`
  return {
    url,
    async drop() {
      const c = new pg.Client()
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

export async function startServer(opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hailong-test-'))
  const database = TEST_DIALECT === 'postgres' ? await freshPostgresDatabase() : null
  // One test process stands for many citizens behind one address: rate limits and the volume flag rules are off unless a test turns them on (HAILONG_RATE_LIMIT: '1').
  const config = readConfig({ HAILONG_DATA: dataDir, HAILONG_DEMO: opts.demo ? '1' : '0', HAILONG_ADMIN_PASSWORD: ADMIN_PASSWORD, PORT: '0', HAILONG_RATE_LIMIT: '0', ...(database ? { DATABASE_URL: database.url } : {}), ...opts.env })
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
    config,
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
      await database?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
