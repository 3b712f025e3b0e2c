/**
 * The management pages in a real browser, without JavaScript tricks: an
 * administrator signs in, adds a unit and a service's touchpoints through the
 * forms, and prints the unit's batch posters — one A5 page per poster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, outputPath } from '../support/browser.ts'
import { ADMIN_PASSWORD, startServer, type TestServer } from '../support/start-server.ts'

let hl: TestServer
let browser: Browser

beforeAll(async () => {
  hl = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

describe('management pages', () => {
  it('creates a unit and touchpoints through the pages, and prints one poster per A5 page', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' })
    const page = await ctx.newPage()
    const errors: string[] = []
    // A refused stylesheet (CSP) or a missing resource would show here; the browser's own favicon request is not the page's.
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('404') && errors.push(m.text()))
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`))
    try {
      await page.goto(`${hl.url}/admin/units`)
      await page.fill('#username', 'admin')
      await page.fill('#password', ADMIN_PASSWORD)
      await Promise.all([page.waitForURL(/\/admin\/units/), page.click('form.login button[type=submit]')])

      const create = page.locator('form[action="/admin/units"]')
      await create.locator('input[name=name]').fill('UBND phường Hòa Bình')
      await create.locator('input[name=type]').fill('commune')
      await create.locator('select[name=sector]').selectOption('administrative')
      await create.locator('input[name=code]').fill('HB01')
      await Promise.all([page.waitForURL(/ok=unit_created/), create.locator('button').click()])
      await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Đã thêm đơn vị.')
      const row = page.locator('table.tree tr', { hasText: 'UBND phường Hòa Bình' })
      await Promise.all([page.waitForURL(/\/admin\/touchpoints\?unit=\d+$/), row.getByRole('link', { name: 'Điểm đánh giá' }).click()])

      for (const [i, label] of ['Quầy 1', 'Quầy 2', 'Quầy 3'].entries()) {
        const form = page.locator('form[method=post][action="/admin/touchpoints"]')
        await form.locator('input[name=label]').fill(label)
        await form.locator('select[name=survey]').selectOption('counter-rating')
        // The address already says ok=touchpoint_created after the first one: wait for the new row itself.
        await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/admin/touchpoints')), form.locator('button').click()])
        await expect.poll(() => page.locator('table tbody tr').count()).toBe(i + 1)
      }
      await expect(page.locator('table tbody tr').count()).resolves.toBe(3)

      await Promise.all([page.waitForURL(/\/posters$/), page.getByRole('link', { name: 'In tất cả áp phích của đơn vị' }).click()])
      await expect(page.locator('.poster').count()).resolves.toBe(3)
      const pdf = await page.pdf({ preferCSSPageSize: true, path: outputPath('admin-batch-posters.pdf') })
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []
      expect(pages).toHaveLength(3)
      expect(errors, errors.join('\n')).toEqual([])
    } finally {
      await ctx.close()
    }
  }, 60_000)
})
