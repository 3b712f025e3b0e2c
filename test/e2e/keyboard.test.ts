/**
 * The surveys with the keyboard alone (Tab, Space, Enter, and typing a
 * comment): the one-tap counter rating, the five steps of SIPAS, and the
 * kiosk. Each ends on its thank-you screen and is stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../support/browser.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { countResponses, makeFixture, onPhone, pollUntil, thanksUrl, type Fixture } from './helpers.ts'

let hl: TestServer
let browser: Browser
let fx: Fixture

beforeAll(async () => {
  ;[hl, browser] = await Promise.all([startServer({ demo: false }), launchBrowser()])
  fx = await makeFixture(hl)
})

afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

/** Presses Tab until the focused element matches `selector`; fails if it never does. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

/** The focused element shows where it is: an outline on it or on its option's box. */
const focusVisible = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const box = el.closest('label') ?? el
    return getComputedStyle(box).outlineStyle !== 'none' || getComputedStyle(el).outlineStyle !== 'none'
  })

describe('keyboard only', () => {
  it('counter rating: Tab to the first choice, Space, a comment, Enter on the button', async () => {
    const tp = await fx.touchpoint('counter-rating', 'Quầy bàn phím')
    await onPhone(browser, async (page) => {
      await page.goto(`${hl.url}/s/${tp.code}`)
      await tabTo(page, 'input[name=overall]')
      expect(await focusVisible(page)).toBe(true)
      await page.keyboard.press('Space')
      expect(await page.locator('input[name=overall]:checked').inputValue()).toBe('2')
      await tabTo(page, '#i-comment')
      await page.keyboard.type('Nhanh gọn')
      await tabTo(page, 'button[type=submit]')
      expect(await focusVisible(page)).toBe(true)
      await Promise.all([page.waitForURL(thanksUrl(tp.code)), page.keyboard.press('Enter')])
    })
    expect(await pollUntil(() => countResponses(hl, { touchpointId: tp.id }), (n) => n === 1)).toBe(1)
  })

  it('SIPAS: every question of five steps, Next with Enter, focus on each new step', async () => {
    const tp = await fx.touchpoint('sipas', 'Sảnh bàn phím')
    await onPhone(browser, async (page) => {
      await page.goto(`${hl.url}/s/${tp.code}`)
      const steps = page.locator('section.step')
      const total = await steps.count()
      expect(total).toBe(5)
      for (let i = 0; i < total; i++) {
        const groups = await steps.nth(i).locator('fieldset').evaluateAll((fs) => fs.map((f) => f.id.slice(2)))
        for (const item of groups) {
          await tabTo(page, `input[name="${item}"]`)
          await page.keyboard.press('Space')
          expect(await page.locator(`input[name="${item}"]:checked`).count(), item).toBe(1)
        }
        if (i < total - 1) {
          await tabTo(page, 'button[data-next]')
          await page.keyboard.press('Enter')
          await steps.nth(i + 1).waitFor({ state: 'visible' })
          expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2')
        }
      }
      await tabTo(page, 'button[type=submit]')
      await Promise.all([page.waitForURL(thanksUrl(tp.code)), page.keyboard.press('Enter')])
    })
    expect(await pollUntil(() => countResponses(hl, { touchpointId: tp.id }), (n) => n === 1)).toBe(1)
  })

  it('kiosk: Tab to a face, Space, Tab to the button, Enter; focus lands on the thank-you, then back on the question', async () => {
    const tp = await fx.touchpoint('counter-rating', 'Quầy máy tính bảng')
    await fetch(`${hl.url}/api/v1/touchpoints/${tp.id}`, { method: 'PATCH', headers: { cookie: fx.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: true }) })
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const page = await ctx.newPage()
      await page.clock.install()
      await page.goto(`${hl.url}/k/${tp.code}`)
      await tabTo(page, 'input[name=overall]')
      expect(await focusVisible(page)).toBe(true)
      await page.keyboard.press('Space')
      await page.locator('.k-more').waitFor({ state: 'visible' })
      await tabTo(page, 'button[type=submit]')
      await page.keyboard.press('Enter')
      await page.locator('.k-thanks').waitFor({ state: 'visible' })
      expect(await page.evaluate(() => document.activeElement?.classList.contains('k-thanks'))).toBe(true)
      await page.clock.fastForward(6000)
      await page.locator('.k-start').waitFor({ state: 'visible' })
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    } finally {
      await ctx.close()
    }
    expect(await pollUntil(() => countResponses(hl, { touchpointId: tp.id }), (n) => n === 1)).toBe(1)
  })
})
