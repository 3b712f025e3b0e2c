/**
 * A tablet at the counter, in chromium: staff pair it from the touchpoint's
 * admin page; three citizens rate in a row and none sees anything of the one
 * before; offline, five answers wait on the tablet through a reload and are
 * each sent once, with their own times, when the connection returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { MAX_WAITING_PAIRINGS } from '../../server/store/kiosk-devices.ts'
import { launchBrowser, outputPath } from '../support/browser.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { countResponses, makeFixture, pollUntil, type Fixture, type Touchpoint } from './helpers.ts'

const COMMENT = 'Phải chờ lâu, đề nghị thêm ghế ngồi'

let hl: TestServer
let browser: Browser
let fx: Fixture

beforeAll(async () => {
  ;[hl, browser] = await Promise.all([startServer({ demo: false }), launchBrowser()])
  fx = await makeFixture(hl, 'UBND xã Yên Thịnh')
})

afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

/** A counter touchpoint set to kiosk by the administrator. */
async function kioskTouchpoint(label: string): Promise<Touchpoint> {
  const tp = await fx.touchpoint('counter-rating', label)
  const res = await fetch(`${hl.url}/api/v1/touchpoints/${tp.id}`, { method: 'PATCH', headers: { cookie: fx.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: true }) })
  expect(res.status).toBe(200)
  return tp
}

/** A landscape 10-inch tablet. */
function tablet(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'vi-VN' })
}

const pairingCode = async (page: Page) => (await page.locator('.k-pairing[data-code]').getAttribute('data-code'))!

/** Waits for the tablet's code, enters it through the API as the administrator, and waits for the tablet to see it. */
async function pair(page: Page, tp: Touchpoint): Promise<void> {
  const code = await pairingCode(page)
  const res = await fetch(`${hl.url}/api/v1/touchpoints/${tp.id}/pair`, { method: 'POST', headers: { cookie: fx.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  expect(res.status).toBe(201)
  await page.locator('.k-pairing[data-status=paired]').waitFor({ timeout: 15_000 })
}

const face = (page: Page, label: string) => page.locator(`label.k-face:has(> span:text-is(${JSON.stringify(label)}))`)
const queued = (page: Page) => page.locator('.k-queue').getAttribute('data-count').then(Number)

/** The thank-you screen, then (the clock moved past its few seconds) the start screen again. */
async function thanksThenStart(page: Page): Promise<void> {
  await page.locator('.k-thanks').waitFor({ state: 'visible' })
  expect(await page.locator('form[data-kiosk]').isHidden()).toBe(true)
  await page.clock.fastForward(6000)
  await page.locator('.k-start').waitFor({ state: 'visible' })
}

/** What the next citizen must not see: any choice, text or follow-up of the one before. */
async function expectBlank(page: Page): Promise<void> {
  expect(await page.locator('.k-thanks').isHidden()).toBe(true)
  expect(await page.locator('form input[type=radio]:checked').count()).toBe(0)
  expect(await page.locator('#i-comment').inputValue()).toBe('')
  expect(await page.locator('.k-more').isHidden()).toBe(true)
  expect(await page.locator('#q-improve').isHidden()).toBe(true)
}

describe('kiosk tablets', () => {
  it('pairing: the tablet shows a code, an administrator enters it on the touchpoint page, the tablet becomes paired', async () => {
    const tp = await kioskTouchpoint('Quầy tiếp nhận')
    const ctx = await tablet()
    const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    try {
      const page = await ctx.newPage()
      await page.goto(`${hl.url}/k/${tp.code}`)
      const pairing = page.locator('.k-pairing')
      await pairing.filter({ hasText: /Máy chưa ghép nối — mã ghép nối: \w{3} \w{3}/ }).waitFor()
      const code = await pairingCode(page)

      // A stolen address alone: answers count at arrival, and it cannot read the pairing without the token.
      expect((await fetch(`${hl.url}/api/v1/kiosk/pairings/${code}`)).status).toBe(404)

      const [name, value] = fx.cookie.split('=') as [string, string]
      await staff.addCookies([{ name, value, url: hl.url }])
      const admin = await staff.newPage()
      await admin.goto(`${hl.url}/admin/touchpoints?unit=${fx.unit.id}`)
      const section = admin.locator('section.kiosk-admin', { hasText: 'Quầy tiếp nhận' })
      await section.getByLabel('Mã ghép nối hiện trên máy').fill(`${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`)
      await Promise.all([admin.waitForURL(/ok=kiosk_paired/), section.getByRole('button', { name: 'Ghép nối' }).click()])
      await admin.locator('section.kiosk-admin', { hasText: `Máy ${code}` }).waitFor()

      await page.locator('.k-pairing[data-status=paired]').waitFor({ timeout: 15_000 })
      expect(await pairing.textContent()).toBe('Máy đã ghép nối')
      const stored = await page.evaluate((c) => JSON.parse(localStorage.getItem(`hailong-kiosk-device:${c}`)!), tp.code)
      expect(stored).toMatchObject({ code, status: 'paired' })

      // Revoked from the same page: the tablet notices at its next check and asks for a new code.
      await Promise.all([admin.waitForURL(/ok=kiosk_revoked/), admin.locator('section.kiosk-admin', { hasText: `Máy ${code}` }).getByRole('button', { name: 'Thu hồi' }).click()])
      await page.reload()
      await page.locator('.k-pairing[data-status=waiting]').waitFor({ timeout: 15_000 })
      expect(await pairingCode(page)).not.toBe(code)
    } finally {
      await ctx.close()
      await staff.close()
    }
  }, 60_000)

  it('a tablet refused a code (too many waiting) asks again only when Retry-After says, then gets one', async () => {
    const tp = await kioskTouchpoint('Quầy đông')
    const db = hl.hl.store.db
    const waiting = async () => Number((await db.selectFrom('kiosk_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('touchpoint_id', 'is', null).executeTakeFirstOrThrow()).n)
    const expires = new Date(Date.now() + 600_000).toISOString()
    const flood = Array.from({ length: MAX_WAITING_PAIRINGS - (await waiting()) }, (_, i) => ({ token_hash: `flood-${i}`, pair_code: `fl${String(i).padStart(4, '0')}`, pair_expires_at: expires, touchpoint_id: null, paired_at: null, paired_by: null, revoked_at: null, last_seen_at: null, created_at: new Date().toISOString() }))
    await db.insertInto('kiosk_devices').values(flood).execute()
    const ctx = await tablet()
    try {
      const page = await ctx.newPage()
      const asked: number[] = []
      page.on('response', (res) => {
        if (res.request().method() === 'POST' && res.url().endsWith('/api/v1/kiosk/pairings')) asked.push(res.status())
      })
      await page.clock.install()
      await page.goto(`${hl.url}/k/${tp.code}`)
      await pollUntil(async () => asked.length, (n) => n >= 1)
      expect(asked).toEqual([503])
      // Time on the tablet moves in its polling steps (3 s), with real time between them for the requests to come back.
      const steps = async (n: number) => {
        for (let i = 0; i < n; i++) {
          await page.clock.runFor(3_000)
          await new Promise((r) => setTimeout(r, 100))
        }
      }
      await steps(10)
      expect(asked, 'polling every 3 s would have asked ten times').toEqual([503])
      await db.deleteFrom('kiosk_devices').where('token_hash', 'like', 'flood-%').execute()
      await steps(11)
      await page.locator('.k-pairing[data-status=waiting]').waitFor({ timeout: 15_000 })
      expect(asked).toEqual([503, 201])
    } finally {
      await ctx.close()
      await db.deleteFrom('kiosk_devices').where('token_hash', 'like', 'flood-%').execute()
    }
  }, 60_000)

  it('three citizens in a row: each starts blank, the follow-up and comment are optional, a pause sends what is there', async () => {
    const tp = await kioskTouchpoint('Quầy số 2')
    const ctx = await tablet()
    try {
      const page = await ctx.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(String(e)))
      page.on('console', (m) => (/Content Security Policy/i.test(m.text()) ? errors.push(m.text()) : undefined))
      await page.clock.install()
      await page.goto(`${hl.url}/k/${tp.code}`)
      await pair(page, tp)

      // The start screen: one question, large faces, the promise of anonymity.
      await expectBlank(page)
      expect(await page.locator('h1').textContent()).toBe('Ông/Bà đánh giá thế nào về việc giải quyết thủ tục hành chính tại đây?')
      expect(await page.locator('.k-start .note').textContent()).toMatch(/ẩn danh/)
      for (const box of await page.locator('label.k-face').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) expect(box.height).toBeGreaterThanOrEqual(150)
      await page.screenshot({ path: outputPath('kiosk-start.png') })
      const ids = [await page.locator('input[name=id]').inputValue()]

      // 1: not satisfied, a follow-up and a comment, sent with the button.
      await face(page, 'Không hài lòng').click()
      await page.locator('#q-improve').waitFor({ state: 'visible' })
      await page.locator('#q-improve label.opt:has(> span:text-is("Thời gian chờ đợi"))').click()
      await page.locator('#i-comment').fill(COMMENT)
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click()
      await thanksThenStart(page)
      await expectBlank(page)
      ids.push(await page.locator('input[name=id]').inputValue())

      // 2: one tap, then walks away: the pause sends it.
      await face(page, 'Rất hài lòng').click()
      await page.locator('.k-more').waitFor({ state: 'visible' })
      await page.clock.fastForward(31_000)
      await thanksThenStart(page)
      await expectBlank(page)
      ids.push(await page.locator('input[name=id]').inputValue())

      // 3: switches to English, rates, sends; the next start screen is Vietnamese again.
      await page.getByRole('link', { name: 'English' }).click()
      await page.waitForURL(/lang=en/)
      await expectBlank(page)
      await face(page, 'Satisfied').click()
      await page.getByRole('button', { name: 'Send my rating' }).click()
      await page.locator('.k-thanks').waitFor({ state: 'visible' })
      await page.clock.fastForward(6000)
      await page.waitForURL(`${hl.url}/k/${tp.code}`)
      await expectBlank(page)

      expect(await pollUntil(() => countResponses(hl, { touchpointId: tp.id }), (n) => n === 3)).toBe(3)
      await pollUntil(() => queued(page), (n) => n === 0)
      const rows = await hl.hl.store.db.selectFrom('responses').select(['id', 'uid', 'comment', 'channel', 'lang']).where('touchpoint_id', '=', tp.id).orderBy('received_at').execute()
      const answers = async (id: number) =>
        Object.fromEntries((await hl.hl.store.db.selectFrom('answers').select(['item', 'value_num']).where('response_id', '=', id).execute()).map((a) => [a.item, a.value_num]))
      expect(rows.map((r) => [r.comment, r.channel, r.lang])).toEqual([
        [COMMENT, 'kiosk', 'vi'],
        [null, 'kiosk', 'vi'],
        [null, 'kiosk', 'en'],
      ])
      expect([await answers(rows[0]!.id), await answers(rows[1]!.id), await answers(rows[2]!.id)]).toEqual([{ overall: 0, improve: 1 }, { overall: 2 }, { overall: 1 }])
      // Every citizen had their own id; the first two are the ones the screen carried.
      expect(new Set(rows.map((r) => r.uid)).size).toBe(3)
      expect(rows.slice(0, 2).map((r) => r.uid)).toEqual(ids.slice(0, 2))
      expect(errors).toEqual([])
    } finally {
      await ctx.close()
    }
  }, 90_000)

  it('offline: five answers wait on the tablet through a reload, then each is sent once with its own time', async () => {
    const tp = await kioskTouchpoint('Quầy số 3')
    const ctx = await tablet()
    try {
      const page = await ctx.newPage()
      // The tablet's morning began twenty minutes ago: its answers carry those times, not the time they arrive.
      await page.clock.install({ time: Date.now() - 20 * 60_000 })
      await page.goto(`${hl.url}/k/${tp.code}`)
      await pair(page, tp)
      // The service worker is in charge and holds the page for an offline start.
      await page.waitForFunction(async (path) => !!navigator.serviceWorker.controller && !!(await caches.match(path)), `/k/${tp.code}`, { timeout: 15_000 })

      await ctx.setOffline(true)
      const labels = ['Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'Rất hài lòng', 'Hài lòng']
      for (const label of labels) {
        await face(page, label).click()
        await page.getByRole('button', { name: 'Gửi đánh giá' }).click()
        await thanksThenStart(page)
        await page.clock.fastForward(60_000) // a minute between citizens: the times must survive apart
      }
      expect(await queued(page)).toBe(5)
      expect(await page.locator('.k-queue').textContent()).toBe('Chờ gửi: 5')
      const queue = await page.evaluate(() => JSON.parse(localStorage.getItem('hailong-kiosk-queue')!) as { id: string; answered_at: string }[])
      expect(queue).toHaveLength(5)
      expect(await countResponses(hl, { touchpointId: tp.id })).toBe(0)

      // The tablet restarts without a connection: the page comes from the service worker, the queue from storage.
      await page.reload()
      await page.locator('.k-start').waitFor({ state: 'visible' })
      expect(await queued(page)).toBe(5)
      // (No server count here: chromium's offline emulation can miss the first request of a freshly loaded,
      // worker-controlled document. Such an answer reaching the server while its reply is lost is what the
      // response ids are for: it stays queued, is resent, and the checks below still find it counted once.)

      await ctx.setOffline(false)
      expect(await pollUntil(() => queued(page), (n) => n === 0, 20_000)).toBe(0)
      await hl.hl.writer.drain()
      const rows = await hl.hl.store.db.selectFrom('responses').select(['uid', 'received_at', 'channel']).where('touchpoint_id', '=', tp.id).execute()
      expect(rows).toHaveLength(5)
      const byUid = new Map(rows.map((r) => [r.uid, r]))
      for (const q of queue) expect(byUid.get(q.id), q.id).toMatchObject({ received_at: new Date(q.answered_at).toISOString(), channel: 'kiosk' })
      const times = queue.map((q) => Date.parse(q.answered_at))
      expect(times.every((t, i) => i === 0 || t - times[i - 1]! >= 60_000)).toBe(true)
      expect(Math.max(...times)).toBeLessThan(Date.now() - 5 * 60_000)

      // Opened again online: nothing left to send, nothing counted twice.
      await page.reload()
      await page.locator('.k-start').waitFor({ state: 'visible' })
      expect(await queued(page)).toBe(0)
      await hl.hl.writer.drain()
      expect(await countResponses(hl, { touchpointId: tp.id })).toBe(5)
    } finally {
      await ctx.close()
    }
  }, 120_000)
})
