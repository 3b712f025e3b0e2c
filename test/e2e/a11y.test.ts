/**
 * WCAG 2.2 AA on the citizen pages, checked by axe-core (the standard
 * automated checker, injected into chromium from node_modules): every survey
 * shipped, in every language it offers, with JavaScript on and off; the
 * thank-you page, the kiosk page and the poster; each must have no violation
 * of the WCAG 2.0/2.1/2.2 A and AA rules. Then the survey at 200% text: no
 * content lost to horizontal scrolling.
 */
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../support/browser.ts'
import { startServer, type TestServer } from '../support/start-server.ts'
import { makeFixture, onPhone, type Fixture, type Touchpoint } from './helpers.ts'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

let hl: TestServer
let browser: Browser
let fx: Fixture
let surveys: { id: string; languages: string[] }[]
const touchpoints = new Map<string, Touchpoint>()

beforeAll(async () => {
  ;[hl, browser] = await Promise.all([startServer({ demo: false }), launchBrowser()])
  fx = await makeFixture(hl)
  surveys = ((await (await fetch(`${hl.url}/api/v1/surveys`)).json()) as { surveys: { id: string; languages: string[] }[] }).surveys
  for (const s of surveys) touchpoints.set(s.id, await fx.touchpoint(s.id))
})

afterAll(async () => {
  await browser?.close()
  await hl?.close()
})

/** Runs axe on the page as it stands; returns violations in a form that names the rule and the elements. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async (tags) => {
    const run = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe.run
    return (await run(document, { runOnly: { type: 'tag', values: tags } })).violations
  }, TAGS)
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** axe is injected as an inline script, which the pages' Content-Security-Policy rightly refuses: the test's own contexts bypass it. */
const AXE_CONTEXT = { bypassCSP: true }

/** addScriptTag needs scripts to run; with JavaScript off, axe runs in a second, script-enabled page given the same HTML. */
async function axeOfHtml(html: string, url: string): Promise<string[]> {
  let out: string[] = []
  await onPhone(browser, async (page) => {
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }))
    await page.goto(url)
    out = await axe(page)
  }, AXE_CONTEXT)
  return out
}

describe('automated accessibility check (axe-core, WCAG 2.2 AA)', () => {
  it('the check itself finds what it should: an unlabelled field and faint text on a survey page', async () => {
    await onPhone(browser, async (page) => {
      await page.goto(`${hl.url}/s/${touchpoints.get('counter-rating')!.code}`)
      await page.evaluate(() => {
        const main = document.querySelector('main')!
        main.insertAdjacentHTML('beforeend', '<input type="text" name="probe"><p style="color:#c8c8c8">faint</p>')
      })
      const found = await axe(page)
      expect(found.map((f) => f.split(' ')[0])).toEqual(expect.arrayContaining(['label', 'color-contrast']))
    }, AXE_CONTEXT)
  })

  it('every survey in every language, with JavaScript on and off, has no violation', async () => {
    const found: Record<string, string[]> = {}
    for (const s of surveys) {
      expect(s.languages).toEqual(expect.arrayContaining(['vi', 'en']))
      for (const lang of s.languages) {
        const url = `${hl.url}/s/${touchpoints.get(s.id)!.code}?lang=${lang}`
        await onPhone(browser, async (page) => {
          await page.goto(url)
          found[`${s.id} ${lang} js-on`] = await axe(page)
        }, AXE_CONTEXT)
        // The page as a browser without JavaScript gets it: nothing hidden by the script, no steps.
        let html = ''
        await onPhone(browser, async (page) => {
          await page.goto(url)
          html = await page.content()
        }, { javaScriptEnabled: false })
        found[`${s.id} ${lang} js-off`] = await axeOfHtml(html.replace(/<script\b[^>]*src=[^>]*><\/script>/g, ''), url)
      }
    }
    expect(Object.keys(found).length).toBe(surveys.reduce((n, s) => n + s.languages.length * 2, 0))
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length))).toEqual({})
  }, 300_000)

  it('the error summary, the thank-you page, the kiosk page and the poster have no violation', async () => {
    const counter = touchpoints.get('counter-rating')!
    await fetch(`${hl.url}/api/v1/touchpoints/${counter.id}`, { method: 'PATCH', headers: { cookie: fx.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: true }) })
    const found: Record<string, string[]> = {}
    for (const lang of ['vi', 'en']) {
      for (const path of [`/s/${counter.code}/thanks?lang=${lang}`, `/k/${counter.code}?lang=${lang}`, `/poster/${counter.code}?lang=${lang}`]) {
        await onPhone(browser, async (page) => {
          await page.goto(hl.url + path)
          found[path] = await axe(page)
        }, AXE_CONTEXT)
      }
      // A refused submission: the summary and the fields' errors.
      await onPhone(browser, async (page) => {
        await page.goto(`${hl.url}/s/${counter.code}?lang=${lang}`)
        await page.evaluate(() => document.querySelectorAll('[required]').forEach((el) => el.removeAttribute('required')))
        await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'), page.locator('button[type=submit]').click()])
        await page.locator('.summary').waitFor()
        found[`errors ${lang}`] = await axe(page)
      }, AXE_CONTEXT)
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length))).toEqual({})
  }, 120_000)

  it('at 200% text every survey keeps its content on screen: no horizontal scrolling, nothing cut off', async () => {
    for (const s of surveys) {
      await onPhone(browser, async (page) => {
        await page.goto(`${hl.url}/s/${touchpoints.get(s.id)!.code}`)
        // What a browser's text-size setting does: the root font size doubles, and every rem and em with it.
        await page.addStyleTag({ content: 'html{font-size:200%!important}' })
        const width = await page.evaluate(() => document.documentElement.clientWidth)
        expect(await page.evaluate(() => document.documentElement.scrollWidth), s.id).toBeLessThanOrEqual(width)
        const cut = await page.evaluate((w) => {
          const out: string[] = []
          // Elements hidden from everyone (aria-hidden traps for robots) are not content.
          for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *')).filter((e) => !e.closest('[aria-hidden=true]'))) {
            const r = el.getBoundingClientRect()
            if (r.width && (r.right > w + 1 || r.left < -1)) out.push(`${el.tagName}.${el.className}`)
          }
          return out
        }, width)
        expect(cut, s.id).toEqual([])
      }, AXE_CONTEXT)
    }
  }, 120_000)
})
