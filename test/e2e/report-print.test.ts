/**
 * The printable report in Debian's chromium: a staff user who reads the demo
 * province opens the report of last quarter, with no script error and no
 * Content-Security-Policy refusal, and prints it to PDF: more than one page,
 * every page A4. Approving the quarter then makes the report read the frozen
 * figures and say so on the cover. The PDF is kept in test-output/report.pdf.
 */
import { writeFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../server/domain/local-day.ts'
import { periodContaining, previousPeriod } from '../../server/domain/periods.ts'
import { launchBrowser, outputPath } from '../support/browser.ts'
import { staffCookie } from '../support/staff.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { watchProblems } from './helpers.ts'

let hl: TestServer
let browser: Browser
let viewer: string
let admin: string
let province: number
const quarter = previousPeriod(periodContaining('quarter', localDay(new Date())))

beforeAll(async () => {
  hl = await startServer({ demo: true })
  admin = await hl.login()
  province = (await hl.hl.store.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id
  viewer = await staffCookie(hl, 'doc-bao-cao', [{ unit: province, role: 'viewer' }])
  browser = await launchBrowser()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

/** Page count and each page's MediaBox, read from the PDF's page objects. */
function pdfPages(pdf: Buffer): { pages: number; boxes: number[][] } {
  const text = pdf.toString('latin1')
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)].map((m) => m.slice(1, 5).map(Number))
  return { pages, boxes }
}

async function openReport(lang = 'vi') {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'vi-VN' })
  await ctx.addCookies([{ name: 'hl_session', value: viewer.split('=')[1]!, url: hl.url }])
  const page = await ctx.newPage()
  const problems = watchProblems(page)
  const res = await page.goto(`${hl.url}/reports/units/${province}?period=${quarter.key}&lang=${lang}`)
  return { ctx, page, problems, status: res?.status() }
}

describe('the printable report', () => {
  it('opens for a reader of the province and prints to A4 pages', async () => {
    const { ctx, page, problems, status } = await openReport()
    try {
      expect(status).toBe(200)
      for (const section of ['cover', 'method', 'units', 'charts', 'not-met', 'themes']) expect(await page.locator(`[data-section="${section}"]`).count(), section).toBe(1)
      expect(await page.locator('.cover .live').count()).toBe(1)
      // Every unit of the demo province has a row; the charts are SVG drawn by the server.
      expect(await page.locator('table.units tbody tr').count()).toBeGreaterThanOrEqual(14)
      expect(await page.locator('[data-section="charts"] svg').count()).toBeGreaterThanOrEqual(2)
      // The demo's unhappy respondents write about waiting and premises.
      const count = async (theme: string) => Number(await page.locator(`tr[data-theme="${theme}"]`).getAttribute('data-count'))
      expect(await count('waiting')).toBeGreaterThan(0)
      expect(await count('facilities')).toBeGreaterThan(0)
      expect(await page.locator('[data-section="not-met"] .not-met, [data-section="not-met"] p').count()).toBeGreaterThan(0)

      await page.emulateMedia({ media: 'print' })
      expect(await page.locator('nav.bar').isVisible()).toBe(false)
      const pdf = await page.pdf({ format: 'A4' })
      writeFileSync(outputPath('report.pdf'), pdf)
      const { pages, boxes } = pdfPages(pdf)
      expect(pages).toBeGreaterThan(1)
      expect(boxes.length).toBe(pages)
      for (const [x0, y0, x1, y1] of boxes) {
        expect(Math.abs(x1! - x0! - 595.28)).toBeLessThan(2)
        expect(Math.abs(y1! - y0! - 841.89)).toBeLessThan(2)
      }
      expect(problems).toEqual([])
    } finally {
      await ctx.close()
    }
  }, 180_000)

  it('reads the frozen figures once the quarter is approved, and says so on the cover', async () => {
    const res = await fetch(`${hl.url}/api/v1/periods/${province}/${quarter.key}/approve`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(200)
    const approved = (await res.json()).approved_at as string
    const { ctx, page, problems } = await openReport('en')
    try {
      expect(await page.locator('.cover .frozen').getAttribute('data-frozen')).toBe(approved)
      expect(await page.locator('html').getAttribute('lang')).toBe('en')
      expect(await page.locator('[data-section="method"] h2').textContent()).toBe('Method')
      expect(problems).toEqual([])
    } finally {
      await ctx.close()
    }
  }, 180_000)

  it('is refused to staff of another unit', async () => {
    const commune = await hl.hl.store.db.selectFrom('units').select('id').where('type', '=', 'commune').executeTakeFirstOrThrow()
    const other = await staffCookie(hl, 'xa-rieng', [{ unit: commune.id, role: 'viewer' }])
    const res = await fetch(`${hl.url}/reports/units/${province}?period=${quarter.key}`, { headers: { cookie: other } })
    expect(res.status).toBe(403)
  })
})
