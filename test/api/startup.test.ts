/**
 * Start-up as a user meets it: `npm start` on an empty data folder builds the
 * demo province and prints where to go; a broken survey file stops start-up
 * with a message naming the file and the field.
 */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname

function run(env: Record<string, string>, until: RegExp | null, timeoutMs = 60_000, args = ['--import', 'tsx', 'server/main.ts']): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`timed out; output so far:\n${out}`))
    }, timeoutMs)
    const onData = (d: Buffer) => {
      out += d.toString()
      if (until && until.test(out)) child.kill('SIGTERM')
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

describe('start-up', () => {
  it('creates the demo province on an empty data folder and prints the dashboard and survey addresses', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hailong-start-'))
    try {
      const { out } = await run({ HAILONG_DATA: data, PORT: '0', HAILONG_PUBLIC_URL: 'http://demo.test' }, /survey pages:(\n.*){5}/)
      expect(out).toMatch(/created user "admin" with password: \S{12,}/)
      expect(out).toMatch(/demo province created: \d+ units, \d+ survey points, \d{4,} responses/)
      expect(out).toContain('dashboard: http://demo.test/dashboard')
      for (const survey of ['counter-rating', 'sipas', 'health-outpatient', 'health-inpatient', 'education-parents']) {
        expect(out).toMatch(new RegExp(`http://demo\\.test/s/[2-9a-z]{8} +${survey}:`))
      }
    } finally {
      rmSync(data, { recursive: true, force: true })
    }
  })

  it('stops with the file and the field when a survey definition is broken', async () => {
    const surveys = mkdtempSync(join(tmpdir(), 'hailong-surveys-'))
    const data = mkdtempSync(join(tmpdir(), 'hailong-start-'))
    try {
      cpSync(join(root, 'surveys'), surveys, { recursive: true })
      const file = join(surveys, 'sipas.json')
      const def = JSON.parse(readFileSync(file, 'utf8'))
      def.sections[1].items[2].satisfied = [4, 9]
      writeFileSync(file, JSON.stringify(def))
      const { code, out } = await run({ HAILONG_DATA: data, HAILONG_SURVEYS: surveys, PORT: '0' }, null)
      expect(code).toBe(1)
      expect(out).toMatch(/cannot start: invalid survey definitions:/)
      expect(out).toMatch(/sipas\.json: sections\[1\]\.items\[2\]\.satisfied: 9 is not an option value/)
    } finally {
      rmSync(surveys, { recursive: true, force: true })
      rmSync(data, { recursive: true, force: true })
    }
  })

  it('builds the bundle `npm start` runs, which serves pages and client scripts without a TypeScript loader', async () => {
    const out = join(root, 'server/.build', `test-${process.pid}`)
    const data = mkdtempSync(join(tmpdir(), 'hailong-start-'))
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/build.ts', out], { cwd: root, encoding: 'utf8' })
    expect(built.status, built.stderr).toBe(0)
    const child = spawn(process.execPath, [join(out, 'main.mjs')], { cwd: root, env: { ...process.env, HAILONG_DATA: data, PORT: '0', HAILONG_DEMO: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      let log = ''
      // The survey addresses come last, after the port.
      const [port, code] = await new Promise<[string, string]>((resolve, reject) => {
        const onData = (d: Buffer) => {
          log += d.toString()
          const p = /listening on port (\d+)/.exec(log)
          const c = /\/s\/([2-9a-z]{8}) +counter-rating/.exec(log)
          if (p && c) resolve([p[1]!, c[1]!])
        }
        child.stdout.on('data', onData)
        child.stderr.on('data', onData)
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${log}`)))
      })
      const base = `http://127.0.0.1:${port}`
      expect((await fetch(`${base}/s/${code}`)).status).toBe(200)
      const script = await fetch(`${base}/static/survey.js`)
      expect(script.status).toBe(200)
      expect((await script.text()).length).toBeGreaterThan(500)
      expect((await fetch(`${base}/static/staff.css`)).status).toBe(200)
    } finally {
      child.kill('SIGTERM')
      rmSync(out, { recursive: true, force: true })
      rmSync(data, { recursive: true, force: true })
    }
  })
})
