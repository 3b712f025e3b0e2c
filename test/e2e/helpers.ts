/**
 * Shared set-up for the browser tests: test data made through the real admin
 * API, a phone-sized browser context, and small polling helpers.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import type { TestServer } from '../support/start-server.ts'

/** A small Android phone: 360×740 CSS pixels at 2×, touch. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
  locale: 'vi-VN',
}

export function phoneContext(browser: Browser, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...PHONE, ...opts })
}

/** Runs `fn` on a fresh phone-sized page and always closes its context. */
export async function onPhone(browser: Browser, fn: (page: Page, ctx: BrowserContext) => Promise<void>, opts: BrowserContextOptions = {}): Promise<void> {
  const ctx = await phoneContext(browser, opts)
  try {
    await fn(await ctx.newPage(), ctx)
  } finally {
    await ctx.close()
  }
}

export interface Touchpoint {
  id: number
  code: string
  survey: string
  urls: { survey: string }
}

export interface Fixture {
  cookie: string
  unit: { id: number; name: string }
  service: { id: number; name: string }
  touchpoint(survey: string, label?: string): Promise<Touchpoint>
}

/** POSTs JSON as the administrator and returns the parsed body, failing loudly on a non-201. */
export async function adminPost<T>(hl: TestServer, cookie: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${hl.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const text = await res.text()
  if (res.status !== 201) throw new Error(`POST ${path} → ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

export async function adminGet<T>(hl: TestServer, cookie: string, path: string): Promise<T> {
  const res = await fetch(`${hl.url}${path}`, { headers: { cookie } })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

/** A unit and a service made through the API, and a way to add touchpoints to them. */
export async function makeFixture(hl: TestServer, unitName = 'UBND phường Điện Biên'): Promise<Fixture> {
  const cookie = await hl.login()
  const unit = await adminPost<{ id: number; name: string }>(hl, cookie, '/api/v1/units', { name: unitName, type: 'one-stop', sector: 'administrative' })
  const service = await adminPost<{ id: number; name: string }>(hl, cookie, '/api/v1/services', { name: 'Đăng ký khai sinh', sector: 'administrative' })
  return {
    cookie,
    unit,
    service,
    touchpoint: (survey, label = `Quầy ${survey}`) => adminPost<Touchpoint>(hl, cookie, '/api/v1/touchpoints', { unit: unit.id, service: service.id, survey, label }),
  }
}

/** Polls `read` until `ok` holds or the deadline passes; returns the last value read. */
export async function pollUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let v = await read()
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, stepMs))
    v = await read()
  }
  return v
}

/** Stored responses of one touchpoint (optionally with one uid), straight from the database. */
export async function countResponses(hl: TestServer, where: { touchpointId?: number; uid?: string } = {}): Promise<number> {
  let q = hl.hl.store.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n'))
  if (where.touchpointId !== undefined) q = q.where('touchpoint_id', '=', where.touchpointId)
  if (where.uid !== undefined) q = q.where('uid', '=', where.uid)
  const row = await q.executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Matches /s/{code}/thanks with or without its ?lang= query. */
export const thanksUrl = (code: string) => new RegExp(`/s/${code}/thanks(\\?.*)?$`)

/** Script errors, console errors and Content-Security-Policy reports of a page, collected as it runs. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(String(e)))
  page.on('console', (m) => {
    // The browser's own favicon request is no page's doing.
    if (m.location().url.endsWith('/favicon.ico')) return
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${m.text()} ${m.location().url}`)
  })
  return problems
}
