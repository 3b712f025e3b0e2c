/**
 * A citizen on a small phone answers both instruments, with and without
 * JavaScript, against a real server; then the results API and the database
 * must show exactly what was answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { addDays, localDay } from '../../server/domain/local-day.ts'
import { launchBrowser, outputPath } from '../support/browser.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { adminGet, countResponses, makeFixture, onPhone, pollUntil, thanksUrl, type Fixture, type Touchpoint } from './helpers.ts'

const UNIT = 'UBND phường Ba Đình'
const COMMENT = 'Cán bộ nhiệt tình, nhưng phải chờ hơi lâu; đề nghị bố trí thêm ghế ngồi — cảm ơn!'

interface SurveyDef {
  sections: { code: string; items: { code: string; options?: { value: number }[] }[] }[]
}

let hl: TestServer
let browser: Browser
let fx: Fixture
let counter: Touchpoint
let sipas: Touchpoint
let sipasDef: SurveyDef
/** The hidden response id of each successful submission, by test. */
const ids: Record<string, string> = {}

beforeAll(async () => {
  ;[hl, browser] = await Promise.all([startServer({ demo: false }), launchBrowser()])
  fx = await makeFixture(hl, UNIT)
  counter = await fx.touchpoint('counter-rating', 'Quầy số 1')
  sipas = await fx.touchpoint('sipas', 'Sảnh tiếp dân')
  sipasDef = await adminGet<SurveyDef>(hl, fx.cookie, '/api/v1/surveys/sipas')
})

afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

/** The radio option whose label text is exactly `label` (so "Hài lòng" is not "Không hài lòng"; the face emoji is its own span). */
const option = (scope: Page | Locator, label: string) => scope.locator(`label.opt:has(> span:text-is(${JSON.stringify(label)}))`)

/** Taps an option's label and checks that its radio is now chosen. */
async function choose(scope: Page | Locator, label: string): Promise<void> {
  const opt = option(scope, label)
  await opt.click()
  expect(await opt.locator('input[type=radio]').isChecked()).toBe(true)
}

/** Uncaught script errors and Content-Security-Policy refusals (a refused inline stylesheet leaves the page unstyled). */
function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(String(e)))
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(m.text())
  })
  return problems
}

const responseId = (page: Page) => page.locator('form input[name=id]').inputValue()

async function submitAndExpectThanks(page: Page, code: string): Promise<void> {
  await Promise.all([page.waitForURL(thanksUrl(code)), page.getByRole('button', { name: 'Gửi đánh giá' }).click()])
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cảm ơn Ông/Bà!')
}

/** For the JS-off SIPAS run: section I answered "Bình thường", except C15 "no opinion"; every other item "Rất hài lòng". */
const offLabel = (section: string, item: string) => (section === 'I' ? (item === 'C15' ? 'Không có ý kiến / không sử dụng' : 'Bình thường') : 'Rất hài lòng')

describe('the survey on a 360×740 phone', () => {
  it('a. counter-rating, JavaScript on: follow-up appears on "Không hài lòng", Vietnamese comment, thank-you page', async () => {
    await onPhone(browser, async (page) => {
      const errors = watchProblems(page)
      await page.goto(`${hl.url}/s/${counter.code}`)

      expect(await page.locator('header .unit').textContent()).toBe(UNIT)
      expect(await page.locator('header .unit').isVisible()).toBe(true)
      const note = page.locator('p.note')
      expect(await note.isVisible()).toBe(true)
      expect(await note.textContent()).toMatch(/ẩn danh/)

      // One section: no steps, no progress bar, the submit button is there at once.
      expect(await page.locator('progress').isHidden()).toBe(true)
      expect(await page.getByRole('button', { name: 'Gửi đánh giá' }).isVisible()).toBe(true)

      // The inline stylesheet is in force: every option is a thumb-sized (≥ 48 px) target that fits the screen.
      for (const box of await page.locator('label.opt:visible').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.height).toBeGreaterThanOrEqual(48)
        expect(box.right).toBeLessThanOrEqual(360)
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

      const improve = page.locator('#q-improve')
      expect(await improve.isHidden()).toBe(true)
      await choose(page, 'Rất hài lòng')
      expect(await improve.isHidden()).toBe(true)
      await choose(page, 'Không hài lòng')
      await improve.waitFor({ state: 'visible' })
      await choose(improve, 'Thời gian chờ đợi')

      // Going back to a satisfied answer hides and clears the follow-up; coming back shows it empty.
      await choose(page, 'Hài lòng')
      await improve.waitFor({ state: 'hidden' })
      expect(await improve.locator('input:checked').count()).toBe(0)
      await choose(page, 'Không hài lòng')
      await improve.waitFor({ state: 'visible' })
      await choose(improve, 'Thời gian chờ đợi')

      await page.getByLabel('Ý kiến góp ý (không bắt buộc)').fill(COMMENT)
      expect(await page.locator('#i-comment').inputValue()).toBe(COMMENT)
      ids.a = await responseId(page)
      await page.screenshot({ path: outputPath('phone-counter-rating.png'), fullPage: true })

      await submitAndExpectThanks(page, counter.code)
      expect(errors).toEqual([])
    })
  })

  it('b. counter-rating, JavaScript off: a plain form POST lands on the thank-you page', async () => {
    await onPhone(
      browser,
      async (page) => {
        await page.goto(`${hl.url}/s/${counter.code}`)
        // Without the script the follow-up stays on the page, with its hint.
        expect(await page.locator('#q-improve').isVisible()).toBe(true)
        await choose(page, 'Rất hài lòng')
        ids.b = await responseId(page)
        await submitAndExpectThanks(page, counter.code)
      },
      { javaScriptEnabled: false },
    )
  })

  it('c. sipas, JavaScript on: five steps one at a time, Next and Back, then the thank-you page', async () => {
    await onPhone(browser, async (page) => {
      const errors = watchProblems(page)
      await page.goto(`${hl.url}/s/${sipas.code}`)

      const steps = page.locator('section.step')
      const total = sipasDef.sections.length
      expect(total).toBe(5)
      expect(await steps.count()).toBe(total)
      const progress = page.locator('progress')
      expect(await progress.isVisible()).toBe(true)
      const submit = page.getByRole('button', { name: 'Gửi đánh giá' })

      const expectStep = async (i: number) => {
        await steps.nth(i).waitFor({ state: 'visible' })
        for (let k = 0; k < total; k++) expect(await steps.nth(k).isVisible(), `step ${k + 1} visible while on step ${i + 1}`).toBe(k === i)
        expect(await progress.evaluate((p) => (p as HTMLProgressElement).value)).toBe(i + 1)
        expect(await submit.isVisible()).toBe(i === total - 1)
        expect(await steps.nth(i).locator('h2').textContent()).toContain(`Phần ${i + 1}/${total}`)
      }
      const next = (i: number) => steps.nth(i).getByRole('button', { name: 'Tiếp theo' })
      const back = (i: number) => steps.nth(i).getByRole('button', { name: 'Quay lại' })

      await expectStep(0)
      expect(await back(0).count()).toBe(0)
      for (let i = 0; i < total; i++) {
        const section = sipasDef.sections[i]!
        const step = steps.nth(i)
        for (const item of section.items) await choose(step.locator(`#q-${item.code}`), 'Hài lòng')
        if (i === 1) {
          // Back to step 1 keeps its answers; Next returns here.
          await back(1).click()
          await expectStep(0)
          expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2')
          expect(await steps.nth(0).locator('input[value="4"]:checked').count()).toBe(sipasDef.sections[0]!.items.length)
          await next(0).click()
          await expectStep(1)
        }
        if (i < total - 1) {
          await next(i).click()
          await expectStep(i + 1)
          // Focus moves to the new step's heading, for screen readers.
          expect(await page.evaluate(() => document.activeElement?.id)).toBe(`h-${sipasDef.sections[i + 1]!.code}`)
        }
      }
      expect(await next(total - 1).count()).toBe(0)
      expect(await page.locator('input[type=radio]:checked').count()).toBe(sipasDef.sections.reduce((s, x) => s + x.items.length, 0))

      ids.c = await responseId(page)
      await page.screenshot({ path: outputPath('phone-sipas.png'), fullPage: true })
      await submitAndExpectThanks(page, sipas.code)
      expect(errors).toEqual([])
    })
  })

  it('d. sipas, JavaScript off: every section on one page, all answered, thank-you page', async () => {
    await onPhone(
      browser,
      async (page) => {
        await page.goto(`${hl.url}/s/${sipas.code}`)
        const steps = page.locator('section.step')
        expect(await steps.count()).toBe(5)
        for (let k = 0; k < 5; k++) expect(await steps.nth(k).isVisible()).toBe(true)
        expect(await page.locator('progress').isHidden()).toBe(true)
        expect(await page.locator('.nav').first().isHidden()).toBe(true)

        for (const section of sipasDef.sections) {
          for (const item of section.items) await choose(page.locator(`#q-${item.code}`), offLabel(section.code, item.code))
        }
        ids.d = await responseId(page)
        await submitAndExpectThanks(page, sipas.code)
      },
      { javaScriptEnabled: false },
    )
  })

  it('e. the results API counts each submission once and scores what was answered; the comment is stored exactly', async () => {
    expect(Object.keys(ids).sort()).toEqual(['a', 'b', 'c', 'd'])
    const today = localDay(new Date())
    const results = (survey: string) =>
      adminGet<{ n: number; index: number | null; survey: { id: string } }>(hl, fx.cookie, `/api/v1/results?unit=${fx.unit.id}&from=${addDays(today, -1)}&to=${addDays(today, 1)}&survey=${survey}`)

    // Writes are group-committed: wait until all four are visible before reading results.
    expect(await pollUntil(() => countResponses(hl), (n) => n === 4)).toBe(4)

    const cr = await results('counter-rating')
    expect(cr.survey.id).toBe('counter-rating')
    expect(cr.n).toBe(2)
    expect(cr.index).toBe(0.5)

    // JS on: all 19 items "Hài lòng" (4). JS off: section I "Bình thường" (3) with C15 "no opinion" (0, excluded),
    // everything else "Rất hài lòng" (5). Section I = (1 + ½ + ½ + ½)/4 = 0.625; the other four sections = 1.
    const sp = await results('sipas')
    expect(sp.survey.id).toBe('sipas')
    expect(sp.n).toBe(2)
    expect(sp.index).toBeCloseTo((0.625 + 4) / 5, 9)

    const rows = await hl.hl.store.db.selectFrom('responses').select(['uid', 'survey_id', 'channel', 'comment', 'touchpoint_id', 'unit_id', 'service_id']).orderBy('id').execute()
    const byUid = new Map(rows.map((r) => [r.uid, r]))
    expect(byUid.get(ids.a!)).toMatchObject({ survey_id: 'counter-rating', channel: 'web', comment: COMMENT, touchpoint_id: counter.id, unit_id: fx.unit.id, service_id: fx.service.id })
    expect(byUid.get(ids.b!)).toMatchObject({ survey_id: 'counter-rating', channel: 'form', comment: null })
    expect(byUid.get(ids.c!)).toMatchObject({ survey_id: 'sipas', channel: 'web' })
    expect(byUid.get(ids.d!)).toMatchObject({ survey_id: 'sipas', channel: 'form' })
    // The comment's Vietnamese letters survive byte for byte (NFC, as typed).
    expect(Buffer.from(byUid.get(ids.a!)!.comment!, 'utf8').equals(Buffer.from(COMMENT, 'utf8'))).toBe(true)

    const answersOf = async (uid: string) => {
      const list = await hl.hl.store.db
        .selectFrom('answers')
        .innerJoin('responses', 'responses.id', 'answers.response_id')
        .select(['answers.item', 'answers.value_num'])
        .where('responses.uid', '=', uid)
        .execute()
      return Object.fromEntries(list.map((r) => [r.item, r.value_num]))
    }
    expect(await answersOf(ids.a!)).toEqual({ overall: 0, improve: 1 })
    expect(await answersOf(ids.b!)).toEqual({ overall: 2 })
    const allItems = sipasDef.sections.flatMap((s) => s.items.map((i) => i.code))
    expect(await answersOf(ids.c!)).toEqual(Object.fromEntries(allItems.map((c) => [c, 4])))
    const offValue = (s: string, c: string) => ({ 'Không có ý kiến / không sử dụng': 0, 'Bình thường': 3, 'Rất hài lòng': 5 })[offLabel(s, c)]
    expect(await answersOf(ids.d!)).toEqual(Object.fromEntries(sipasDef.sections.flatMap((s) => s.items.map((i) => [i.code, offValue(s.code, i.code)]))))
  })

  it('f. an empty submission (required removed in the page) shows the error summary and stores nothing', async () => {
    const before = await countResponses(hl)
    await onPhone(browser, async (page) => {
      await page.goto(`${hl.url}/s/${counter.code}`)
      const id = await responseId(page)
      await page.evaluate(() => document.querySelectorAll('[required]').forEach((el) => el.removeAttribute('required')))
      const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document')
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click()
      // The script's fetch gets 422 and falls back to a native submit, which the server answers with the page and its errors.
      expect((await posted).status()).toBe(422)

      const summary = page.getByRole('alert')
      await summary.waitFor({ state: 'visible' })
      expect(await summary.textContent()).toMatch(/Vui lòng kiểm tra lại/)
      const fieldError = page.locator('#e-overall')
      expect(await fieldError.isVisible()).toBe(true)
      expect((await fieldError.textContent())!.trim().length).toBeGreaterThan(0)
      // The summary links to the question; the question points at its error.
      expect(await summary.locator('a[href="#q-overall"]').count()).toBe(1)
      expect(await page.locator('#q-overall').getAttribute('aria-describedby')).toContain('e-overall')
      // The same response id is kept, so a corrected submission is still one response.
      expect(await responseId(page)).toBe(id)
      expect(page.url()).toBe(`${hl.url}/s/${counter.code}`)
      // Nothing left in the offline queue to be resent later.
      expect(await page.evaluate(() => localStorage.getItem('hailong-queue'))).toBe('[]')

      expect(await countResponses(hl, { uid: id })).toBe(0)
      expect(await countResponses(hl)).toBe(before)
    })
  })
})
