/**
 * The network drops between loading the survey and sending it: the answer is
 * kept on the phone, sent when the network returns, and counted exactly once
 * however many times it is resent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../support/browser.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { countResponses, makeFixture, onPhone, pollUntil, type Touchpoint } from './helpers.ts'

const QUEUE_KEY = 'hailong-queue'

let hl: TestServer
let browser: Browser
let counter: Touchpoint

beforeAll(async () => {
  ;[hl, browser] = await Promise.all([startServer({ demo: false }), launchBrowser()])
  const fx = await makeFixture(hl)
  counter = await fx.touchpoint('counter-rating')
})

afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

const queue = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) || '[]') as { url: string; body: string }[], QUEUE_KEY)

describe('offline submission', () => {
  it('keeps the answer while offline, sends it once back online, and never counts it twice', async () => {
    await onPhone(browser, async (page, ctx) => {
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(String(e)))
      await page.goto(`${hl.url}/s/${counter.code}`)
      const id = await page.locator('form input[name=id]').inputValue()
      expect(id).toMatch(/^[0-9a-f-]{36}$/)

      await ctx.setOffline(true)
      await page.locator('label.opt:has(> span:text-is("Hài lòng"))').click()
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click()

      const status = page.locator('.status')
      await status.filter({ hasText: /^Chưa có mạng/ }).waitFor({ state: 'visible' })
      expect(await status.getAttribute('role')).toBe('status')
      expect(await status.getAttribute('aria-live')).toBe('polite')
      // Still on the survey: the thank-you page needs the server.
      expect(new URL(page.url()).pathname).toBe(`/s/${counter.code}`)

      const stored = await queue(page)
      expect(stored).toHaveLength(1)
      const body = new URLSearchParams(stored[0]!.body)
      expect(body.get('id')).toBe(id)
      expect(body.get('overall')).toBe('1')
      expect(await countResponses(hl)).toBe(0)

      // Back online: Chromium fires `online`, the page flushes its queue and, its own answer sent, shows the thank-you page.
      await ctx.setOffline(false)
      await page.waitForURL(`**/s/${counter.code}/thanks**`, { timeout: 15_000 })
      expect(await countResponses(hl, { uid: id })).toBe(1)
      expect(await countResponses(hl)).toBe(1)
      expect(await queue(page)).toEqual([])

      const row = await hl.hl.store.db.selectFrom('responses').select(['channel', 'touchpoint_id', 'survey_id']).where('uid', '=', id).executeTakeFirstOrThrow()
      expect(row).toEqual({ channel: 'web', touchpoint_id: counter.id, survey_id: 'counter-rating' })

      // Opening the survey again flushes the (now empty) queue: still one response.
      await page.goto(`${hl.url}/s/${counter.code}`)
      expect(await queue(page)).toEqual([])
      expect(await countResponses(hl)).toBe(1)

      // The same body resent (the phone never saw the server's answer): the server replays, the queue empties, still one.
      await page.evaluate(([key, item]) => localStorage.setItem(key, JSON.stringify([item])), [QUEUE_KEY, stored[0]!] as const)
      const replay = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/s/${counter.code}`)
      await page.reload()
      expect((await replay).status()).toBe(200)
      expect(await pollUntil(() => queue(page), (q) => q.length === 0, 5_000)).toEqual([])
      expect(await countResponses(hl)).toBe(1)
      expect(errors).toEqual([])
    })
  })

  it('keeps the answer when the server answers 503, and sends it again on its own', async () => {
    await onPhone(browser, async (page) => {
      await page.goto(`${hl.url}/s/${counter.code}`)
      const id = await page.locator('form input[name=id]').inputValue()
      const before = await countResponses(hl)

      const path = `/s/${counter.code}`
      await page.route((url) => url.pathname === path, (route) => (route.request().method() === 'POST' ? route.fulfill({ status: 503, body: '' }) : route.fallback()))
      await page.locator('label.opt:has(> span:text-is("Rất hài lòng"))').click()
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click()
      await page.locator('.status').filter({ hasText: /^Chưa gửi được/ }).waitFor({ state: 'visible' })
      expect((await queue(page)).map((q) => new URLSearchParams(q.body).get('id'))).toEqual([id])
      expect(await countResponses(hl)).toBe(before)

      // The phone stays online, so no 'online' event comes: the page retries on a timer.
      await page.unrouteAll()
      await page.waitForURL(`**/s/${counter.code}/thanks**`, { timeout: 20_000 })
      expect(await countResponses(hl, { uid: id })).toBe(1)
      expect(await queue(page)).toEqual([])
      expect(await countResponses(hl)).toBe(before + 1)
    })
  })
})
