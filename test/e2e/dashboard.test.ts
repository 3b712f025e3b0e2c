/**
 * The unit head's dashboard in Debian's chromium on the demo province: a
 * manager of one unit logs in, reads the headline and its verdict, sees the
 * charts drawn under the strict CSP without a console error, steps through
 * periods by their links, and finds every figure in tables with JavaScript off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, outputPath } from '../support/browser.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { staffCookie, STAFF_PASSWORD } from '../support/staff.ts'

const UNIT = 'Bộ phận Một cửa xã An Phú'
const VERDICTS = ['Đạt chỉ tiêu', 'Chưa đạt chỉ tiêu', 'Chưa kết luận được', 'Chưa đủ số phiếu']

let srv: TestServer
let browser: Browser
let unitId: number

beforeAll(async () => {
  srv = await startServer({ demo: true })
  const unit = await srv.hl.store.db.selectFrom('units').select('id').where('name', '=', UNIT).executeTakeFirstOrThrow()
  unitId = unit.id
  await staffCookie(srv, 'truong-mot-cua', [{ unit: unitId, role: 'manager' }])
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await srv?.close()
})

/** Console errors (CSP violations are reported there) and uncaught exceptions of a page. */
function watch(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  return problems
}

async function logIn(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage()
  await page.goto(`${srv.url}/login?next=${encodeURIComponent('/dashboard')}`)
  await page.fill('#username', 'truong-mot-cua')
  await page.fill('#password', STAFF_PASSWORD)
  await Promise.all([page.waitForURL(/\/dashboard/), page.click('form.login button[type=submit]')])
  return page
}

/** Pixels chart.js has painted on a canvas (0 when nothing was drawn). */
const painted = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const c = el as HTMLCanvasElement
    if (!c.width || !c.height) return 0
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++
    return n
  })

const periodOf = (page: Page) => new URL(page.url()).searchParams.get('period')

describe('dashboard in chromium', () => {
  it('shows the headline, draws the charts under the CSP and steps through periods', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    try {
      const page = await logIn(ctx)
      const problems = watch(page)
      await page.reload()

      // Only the manager's own unit is offered.
      expect(await page.$$eval('select[name=unit] option', (os) => os.map((o) => o.textContent?.trim()))).toEqual([UNIT])
      const index = await page.textContent('[data-figure=index] .v')
      expect(index).toMatch(/^\d{1,3}\.\d%$/)
      expect(VERDICTS).toContain((await page.textContent('[data-figure=verdict] .v'))?.trim())
      expect(await page.textContent('[data-figure=change] .l')).toMatch(/so với Năm \d{4}/)

      // The trend: index, band and target drawn on the canvas.
      await page.waitForFunction(() => (document.querySelector('#dash-trend') as HTMLCanvasElement | null)?.width)
      expect(await page.isVisible('#dash-trend')).toBe(true)
      expect(await painted(page, '#dash-trend')).toBeGreaterThan(2000)
      await page.screenshot({ path: outputPath('dashboard-trend.png'), fullPage: true })

      // This year → last year by its link, then months, then the month before.
      // With no period in the address the dashboard opens on this year.
      const year = (await page.getAttribute('[data-period]', 'data-period'))!
      expect(year).toBe(String(new Date(Date.now() + 7 * 3600_000).getUTCFullYear()))
      await Promise.all([page.waitForURL(/period=\d{4}&/), page.click('a[data-step=prev]')])
      expect(periodOf(page)).toBe(String(Number(year) - 1))
      await Promise.all([page.waitForURL(/period=\d{4}-\d{2}&/), page.click('.period .kinds a:has-text("Tháng")')])
      const month = periodOf(page)!
      expect(month).toBe(`${Number(year) - 1}-12`)
      await Promise.all([page.waitForURL((u) => u.searchParams.get('period') !== month), page.click('a[data-step=prev]')])
      expect(periodOf(page)).toBe(`${Number(year) - 1}-11`)
      expect(await page.textContent('[data-period]')).toBe(`Tháng 11/${Number(year) - 1}`)

      // Back to a period with data: the item view draws the diverging bars; the hour view shades its table.
      await page.goto(`${srv.url}/dashboard?unit=${unitId}&period=${year}&by=item&lang=vi`)
      await page.waitForFunction(() => (document.querySelector('#dash-dist') as HTMLCanvasElement | null)?.width)
      expect(await painted(page, '#dash-dist')).toBeGreaterThan(2000)
      expect(await page.$$eval('table.dist li', (li) => li.length)).toBe(3)
      await page.click('.tabs a:has-text("Theo giờ trong tuần")')
      await page.waitForSelector('table.heatmap')
      const shaded = await page.$$eval('table.heatmap td[class*=" h"]', (tds) => tds.filter((td) => /\bh[1-5]\b/.test(td.className)).length)
      expect(shaded).toBeGreaterThan(10)

      expect(problems).toEqual([])
    } finally {
      await ctx.close()
    }
  })

  it('carries every figure in tables with JavaScript disabled', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false })
    try {
      const page = await logIn(ctx)
      const rows = await page.$$eval('table[data-breakdown=month] tbody tr', (trs) => trs.map((tr) => tr.querySelectorAll('td').length))
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.every((cells) => cells === 4)).toBe(true)
      expect(await page.textContent('[data-figure=index] .v')).toMatch(/%|Chưa đủ số phiếu/)
      // No empty chart box where no script can draw.
      expect(await page.isVisible('.chart')).toBe(false)
      // The period links work without a script too.
      const before = periodOf(page)
      await Promise.all([page.waitForURL((u) => u.searchParams.get('period') !== before), page.click('a[data-step=prev]')])
      expect(await page.$$eval('table[data-breakdown=month] tbody tr', (trs) => trs.length)).toBeGreaterThan(0)
      await page.goto(`${srv.url}/dashboard?unit=${unitId}&by=item`)
      expect(await page.$$eval('table.dist tbody tr', (trs) => trs.length)).toBe(1)
    } finally {
      await ctx.close()
    }
  })
})
