/**
 * The hailong-admin command-line tool as an operator meets it: the real
 * script run with tsx against a data folder (or a PostgreSQL database), then
 * the accounts it made used over HTTP by a real server on the same store.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshPostgresDatabase, startServer, TEST_DIALECT, type TestServer } from '../support/start-server.ts'

const root = new URL('../../', import.meta.url).pathname
let data: string
let storeEnv: Record<string, string>
let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | null = null
let srv: TestServer | null = null

function admin(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...storeEnv }
    if (!storeEnv.DATABASE_URL) delete env.DATABASE_URL
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/hailong-admin.ts', ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    // The tool must finish on its own: it never starts a server that would keep it alive.
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`hailong-admin ${args.join(' ')} did not exit; output:\n${out}${err}`))
    }, 60_000)
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out, err })
    })
    child.stdin.end(stdin)
  })
}

async function login(username: string, password: string): Promise<string | null> {
  const res = await fetch(`${srv!.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  return res.status === 200 ? res.headers.get('set-cookie')!.split(';')[0]! : null
}

async function api(cookie: string, path: string, json?: unknown) {
  const res = await fetch(srv!.url + path, { method: json ? 'POST' : 'GET', headers: { cookie, ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined })
  return { status: res.status, body: await res.json() }
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'hailong-cli-'))
  database = TEST_DIALECT === 'postgres' ? await freshPostgresDatabase() : null
  storeEnv = database ? { DATABASE_URL: database.url } : { HAILONG_DATA: data }
})
afterAll(async () => {
  await srv?.close()
  await database?.drop()
  rmSync(data, { recursive: true, force: true })
})

describe('hailong-admin', () => {
  const ids: Record<string, number> = {}
  let first: { username: string; password: string }

  it('creates the first administrator on an empty store, who can then log in over HTTP', async () => {
    const res = await admin(['create-user', '--username', 'sonoivu', '--admin', '--display-name', 'Sở Nội vụ'])
    expect(res.err).toBe('')
    expect(res.code).toBe(0)
    expect(res.out).toContain('created user "sonoivu" (administrator)')
    const password = /^password: (\S+)$/m.exec(res.out)![1]!
    expect(password).toHaveLength(20)
    first = { username: 'sonoivu', password }
    expect((await admin(['list-users'])).out.trim()).toBe('sonoivu   Sở Nội vụ — administrator')

    srv = await startServer({ env: storeEnv })
    const cookie = (await login('sonoivu', password))!
    expect(cookie).toBeTruthy()
    expect((await api(cookie, '/api/v1/auth/me')).body).toMatchObject({ username: 'sonoivu', display_name: 'Sở Nội vụ', admin: true })
    ids.province = (await api(cookie, '/api/v1/units', { name: 'Tỉnh Thử', type: 'province' })).body.id
    ids.a = (await api(cookie, '/api/v1/units', { name: 'Xã An Bình', type: 'commune', parent: ids.province, code: 'XA-AB' })).body.id
    ids.b = (await api(cookie, '/api/v1/units', { name: 'Xã Bình Minh', type: 'commune', parent: ids.province })).body.id
  }, 60_000)

  it('creates a user with roles on units named by code or id and a password read from stdin', async () => {
    const res = await admin(['create-user', '--username', 'Lan', '--password-stdin', '--role', 'manager', '--unit', 'XA-AB', '--role', 'viewer', '--unit', String(ids.b)], 'nắng vàng trên sông\n')
    expect(res.code).toBe(0)
    expect(res.out).toContain(`created user "lan": manager of Xã An Bình (unit ${ids.a}); viewer of Xã Bình Minh (unit ${ids.b})`)
    expect(res.out).not.toContain('password:')
    const cookie = (await login('lan', 'nắng vàng trên sông'))!
    ids.lan = (await api(cookie, '/api/v1/auth/me')).body.id
    expect((await api(cookie, '/api/v1/auth/me')).body.grants.map((g: { unit: number; role: string }) => [g.unit, g.role])).toEqual([
      [ids.a, 'manager'],
      [ids.b, 'viewer'],
    ])
    expect((await api(cookie, '/api/v1/users')).status).toBe(403)
  })

  it('changes a role and resets a password, ending the sessions', async () => {
    const before = (await login('lan', 'nắng vàng trên sông'))!
    const granted = await admin(['grant', '--username', 'lan', '--role', 'viewer', '--unit', String(ids.a)])
    expect([granted.code, granted.out.trim()]).toEqual([0, `"lan" is now viewer of Xã An Bình (unit ${ids.a}) and everything under it`])
    expect((await api(before, '/api/v1/touchpoints', { unit: ids.a, survey: 'counter-rating', label: 'Quầy 1' })).status).toBe(403)

    const reset = await admin(['reset-password', '--username', 'lan'])
    expect(reset.code).toBe(0)
    const password = /^password: (\S+)$/m.exec(reset.out)![1]!
    expect((await api(before, '/api/v1/auth/me')).status).toBe(401)
    expect(await login('lan', 'nắng vàng trên sông')).toBeNull()
    expect(await login('lan', password)).toBeTruthy()

    const list = await admin(['list-users'])
    expect(list.out).toMatch(new RegExp(`^lan +viewer of Xã An Bình \\(unit ${ids.a}\\); viewer of Xã Bình Minh \\(unit ${ids.b}\\)$`, 'm'))
    // Start-up made no "admin" of its own: the store already had an administrator.
    expect(list.out).not.toMatch(/^admin\s/m)
  }, 60_000)

  it('writes each change to the audit log with the operating-system account as the actor, and never a password', async () => {
    const cookie = (await login(first.username, first.password))!
    const { items } = (await api(cookie, '/api/v1/audit?limit=200')).body as { items: { user: { id: number | null; username: string } | null; action: string; target: { type: string; id: string } | null; detail: Record<string, unknown> }[] }
    const fromCli = items.filter((e) => e.user?.username.startsWith('cli:')).reverse()
    expect(fromCli.map((e) => [e.action, e.detail.username])).toEqual([
      ['user.create', 'sonoivu'],
      ['user.create', 'lan'],
      ['grant.set', 'lan'],
      ['password.reset', 'lan'],
    ])
    expect(fromCli[0]!.user).toEqual({ id: null, username: expect.stringMatching(/^cli:\S+$/) })
    expect(fromCli[1]).toMatchObject({ target: { type: 'user', id: String(ids.lan) }, detail: { admin: false, grants: [{ unit: ids.a, role: 'manager' }, { unit: ids.b, role: 'viewer' }], generated_password: false } })
    expect(fromCli[2]!.detail).toEqual({ username: 'lan', unit: ids.a, role: 'viewer' })
    expect(fromCli[3]!.detail).toEqual({ username: 'lan', generated: true })
    expect(JSON.stringify(fromCli)).not.toContain('nắng vàng')
  })

  it('refuses bad input with a clear message and a non-zero exit, changing nothing', async () => {
    const cases: [string[], string, number, RegExp][] = [
      [['create-user', '--username', 'khoa', '--password-stdin'], 'short\n', 1, /The password is too weak: it needs at least 10 characters\./],
      [['create-user', '--username', 'khoa', '--password-stdin'], 'khoa-khoa-khoa\n', 1, /must not contain the username/],
      [['create-user', '--username', 'LAN'], '', 1, /The username lan is already taken\./],
      [['create-user', '--username', 'khoa', '--role', 'manager', '--unit', 'NO-SUCH'], '', 2, /no unit with id or code "NO-SUCH"/],
      [['create-user', '--username', 'khoa', '--role', 'owner', '--unit', String(ids.a)], '', 2, /--role must be manager or viewer, not "owner"/],
      [['reset-password', '--username', 'nobody'], '', 1, /User not found\./],
      [['list-users', '--admin'], '', 2, /list-users does not take --admin/],
      [['frobnicate'], '', 2, /unknown command "frobnicate"/],
      [[], '', 2, /usage: npm run admin/],
    ]
    // None of them writes, so they may run side by side.
    const results = await Promise.all(cases.map(([args, stdin]) => admin(args, stdin)))
    cases.forEach(([args, , code, message], i) => {
      expect(results[i]!.code, args.join(' ')).toBe(code)
      expect(results[i]!.err, args.join(' ')).toMatch(message)
    })
    expect((await admin(['list-users'])).out).not.toContain('khoa')
    expect(await login(first.username, first.password)).toBeTruthy()
  }, 120_000)
})
