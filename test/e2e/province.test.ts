/**
 * The /province page in Debian's chromium: sorting by a column, filtering by
 * verdict, the chart drawn by its island, and the drill-down into a unit's
 * dashboard, with no script error and no Content-Security-Policy refusal.
 */
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { adminPost, watchProblems } from './helpers.ts'

let hl: TestServer
let browser: Browser
let cookie: string
const ids: Record<string, number> = {}
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
const period = `${today}..${today}`

beforeAll(async () => {
  hl = await startServer()
  cookie = await hl.login()
  const unit = async (key: string, body: object) => (ids[key] = (await adminPost<{ id: number }>(hl, cookie, '/api/v1/units', body)).id)
  await unit('p', { name: 'Tỉnh Thử', type: 'province' })
  const plan: [string, number, number][] = [['Xã Một', 38, 2], ['Xã Hai', 20, 20], ['Xã Ba', 33, 1], ['Xã Bốn', 4, 0]]
  for (const [name, sat, unsat] of plan) {
    const id = await unit(name, { name, type: 'commune', sector: 'administrative', parent: ids.p })
    const tp = await adminPost<{ code: string }>(hl, cookie, '/api/v1/touchpoints', { unit: id, survey: 'counter-rating', label: `Quầy ${name}` })
    const answers = [...Array.from({ length: sat }, () => ({ overall: 2 })), ...Array.from({ length: unsat }, () => ({ overall: 0 }))]
    for (const a of answers) await adminPost(hl, cookie, '/api/v1/responses', { id: randomUUID(), touchpoint: tp.code, answers: a })
  }
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

const rowNames = (page: Page) => page.locator('table.units tbody tr th a').allTextContents()

describe('/province in a browser', () => {
  it('sorts by a column, filters by verdict, draws the chart and drills down into the dashboard', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    await ctx.addCookies([{ name: 'hl_session', value: cookie.split('=')[1]!, url: hl.url }])
    const page = await ctx.newPage()
    const problems = watchProblems(page)
    try {
      await page.goto(`${hl.url}/province?unit=${ids.p}&period=${period}`)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Toàn tỉnh: các đơn vị so với chỉ tiêu')
      expect(await rowNames(page)).toEqual(['Tỉnh Thử', 'Xã Một', 'Xã Hai', 'Xã Ba', 'Xã Bốn'])

      // The chart island draws onto its canvas (chart.js sizes it only when it runs).
      await page.waitForFunction(() => (document.getElementById('province-chart') as HTMLCanvasElement).width > 300)

      // Index ascending: Hai 50%, Tỉnh 80.5%, Một 95%, Ba 97.1%; Bốn (4 responses) is suppressed, so last.
      await Promise.all([page.waitForURL(/sort=index&dir=asc/), page.click('a[data-sort=index]')])
      expect(await rowNames(page)).toEqual(['Xã Hai', 'Tỉnh Thử', 'Xã Một', 'Xã Ba', 'Xã Bốn'])
      expect(await page.locator('th[aria-sort=ascending] a[data-sort=index]').count()).toBe(1)
      await Promise.all([page.waitForURL(/sort=index&dir=desc/), page.click('a[data-sort=index]')])
      expect((await rowNames(page))[0]).toBe('Xã Ba')

      // Filter through the form: only what is not met, marked in words as well as colour.
      await page.selectOption('select[name=verdict]', 'not_met')
      await Promise.all([page.waitForURL(/verdict=not_met/), page.click('form.filters button[type=submit]')])
      const verdicts = await page.locator('table.units tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-verdict')))
      expect(verdicts.length).toBeGreaterThan(0)
      expect(new Set(verdicts)).toEqual(new Set(['not_met']))
      expect(await page.locator('table.units tbody tr.attention .flag').count()).toBe(verdicts.length)
      expect(await rowNames(page)).toContain('Xã Hai')

      // Drill down from Xã Hai into its dashboard for the same period and instrument.
      await Promise.all([page.waitForURL(/\/dashboard\?/), page.click('table.units a:text-is("Xã Hai")')])
      const url = new URL(page.url())
      expect(url.searchParams.get('unit')).toBe(String(ids['Xã Hai']))
      expect(url.searchParams.get('period')).toBe(period)
      expect(url.searchParams.get('survey')).toBe('counter-rating')
      expect(await page.locator('main').textContent()).toContain('Xã Hai')
      expect(problems).toEqual([])
    } finally {
      await ctx.close()
    }
  })
})
