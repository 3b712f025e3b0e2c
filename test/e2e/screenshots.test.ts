/**
 * The pictures in the README, taken from the real pages: the phone survey,
 * the kiosk's start screen and a poster. Their touchpoint codes and the
 * public address are fixed, so the pictures change only when the pages do.
 * Written to test/screenshots/ (committed) and test-output/.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, outputPath } from '../support/browser.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { makeFixture, onPhone, type Fixture } from './helpers.ts'

const DIR = new URL('../screenshots/', import.meta.url).pathname
const PUBLIC_URL = 'https://khaosat.thanhhoa.gov.vn'

let hl: TestServer
let browser: Browser
let fx: Fixture

beforeAll(async () => {
  ;[hl, browser] = await Promise.all([startServer({ demo: false }), launchBrowser()])
  fx = await makeFixture(hl, 'UBND phường Hạc Thành')
  mkdirSync(DIR, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

/** A touchpoint with a fixed code, so its poster's QR code and address are the same every run. */
async function fixedTouchpoint(code: string, label: string, kiosk = false): Promise<string> {
  const tp = await fx.touchpoint('counter-rating', label)
  await hl.hl.store.db.updateTable('touchpoints').set({ code, kiosk: kiosk ? 1 : 0 }).where('id', '=', tp.id).execute()
  return code
}

const save = (name: string) => {
  copyFileSync(outputPath(name), `${DIR}${name}`)
}

describe('screenshots for the README', () => {
  it('the phone survey, the kiosk start screen and a poster', async () => {
    const phone = await fixedTouchpoint('demo2026', 'Quầy số 1')
    await onPhone(browser, async (page) => {
      await page.goto(`${hl.url}/s/${phone}`)
      await page.locator('label.opt:has(> span:text-is("Không hài lòng"))').click()
      await page.locator('#q-improve').waitFor({ state: 'visible' })
      // No focus ring or hover in the picture: they would make it differ from run to run.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      await page.mouse.move(0, 0)
      await page.screenshot({ path: outputPath('phone-survey.png'), fullPage: true })
    })
    save('phone-survey.png')

    const kiosk = await fixedTouchpoint('kiosk2026', 'Quầy tiếp nhận hồ sơ', true)
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' })
    try {
      const page = await ctx.newPage()
      await page.goto(`${hl.url}/k/${kiosk}`)
      const code = await page.locator('.k-pairing[data-code]').getAttribute('data-code')
      const res = await fetch(`${hl.url}/api/v1/touchpoints/${(await hl.hl.store.db.selectFrom('touchpoints').select('id').where('code', '=', kiosk).executeTakeFirstOrThrow()).id}/pair`, {
        method: 'POST',
        headers: { cookie: fx.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      })
      expect(res.status).toBe(201)
      // Paired, nothing waiting: the staff line reads the same every run.
      await page.locator('.k-pairing[data-status=paired]').waitFor({ timeout: 15_000 })
      await page.screenshot({ path: outputPath('kiosk-start.png') })
    } finally {
      await ctx.close()
    }
    save('kiosk-start.png')

    hl.config.publicUrl = PUBLIC_URL
    await onPhone(
      browser,
      async (page) => {
        await page.goto(`${hl.url}/poster/${phone}`)
        expect(await page.locator('.addr').textContent()).toBe(`${PUBLIC_URL.replace('https://', '')}/s/${phone}`)
        expect(await page.locator('.langs').textContent()).toMatch(/Tiếng Việt · English/)
        await page.locator('.poster').screenshot({ path: outputPath('poster.png') })
      },
      { viewport: { width: 600, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
    )
    save('poster.png')
  }, 60_000)
})
