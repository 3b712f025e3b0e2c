/**
 * What a phone downloads on a weak connection to open a survey: the page
 * (inline CSS) and its one script, compressed, must stay under 20 KB for
 * every instrument. Bytes are counted as they come off the wire: node:http
 * does not decompress.
 */
import { get } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/start-server.ts'
import { makeFixture, type Fixture } from './helpers.ts'

const BUDGET = 20 * 1024

interface Wire {
  status: number
  encoding: string | undefined
  /** Bytes as sent. */
  wire: number
  /** The decoded text. */
  text: string
}

function fetchRaw(url: string): Promise<Wire> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const encoding = res.headers['content-encoding']
        const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
        resolve({ status: res.statusCode ?? 0, encoding, wire: raw.length, text })
      })
    }).on('error', reject)
  })
}

let hl: TestServer
let fx: Fixture

beforeAll(async () => {
  hl = await startServer({ demo: false })
  fx = await makeFixture(hl)
})

afterAll(async () => {
  await hl?.close()
})

describe('page weight of the citizen survey', () => {
  it('every survey page plus its script is under 20 KB compressed', async () => {
    const res = await fetch(`${hl.url}/api/v1/surveys`)
    expect(res.status).toBe(200)
    const { surveys } = (await res.json()) as { surveys: { id: string }[] }
    expect(surveys.length).toBeGreaterThanOrEqual(2)

    const report: Record<string, { html: number; js: number; total: number; htmlRaw: number; jsRaw: number }> = {}
    for (const { id } of surveys) {
      const tp = await fx.touchpoint(id)
      const page = await fetchRaw(`${hl.url}/s/${tp.code}`)
      expect(page.status, id).toBe(200)
      expect(page.encoding, `${id}: the page is sent gzip-compressed`).toBe('gzip')

      // No other subresources: CSS is inline, exactly one script.
      expect(page.text, id).not.toMatch(/<link[^>]*rel=["']?stylesheet/i)
      expect(page.text, id).toMatch(/<style[^>]*>[^<]+<\/style>/)
      const scripts = [...page.text.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/gi)].map((m) => m[1])
      expect(scripts, id).toEqual(['/static/survey.js'])
      expect(page.text, `${id}: no images to fetch`).not.toMatch(/<img\b[^>]*\bsrc=["']?(?!data:)/i)

      const js = await fetchRaw(`${hl.url}${scripts[0]}`)
      expect(js.status).toBe(200)
      expect(js.encoding, 'the script is sent gzip-compressed').toBe('gzip')

      report[id] = { html: page.wire, js: js.wire, total: page.wire + js.wire, htmlRaw: Buffer.byteLength(page.text), jsRaw: Buffer.byteLength(js.text) }
    }

    console.log('[page-weight] compressed bytes (budget %d):', BUDGET)
    for (const [id, r] of Object.entries(report)) {
      console.log(`  ${id.padEnd(18)} html ${String(r.html).padStart(6)} (raw ${r.htmlRaw})  js ${String(r.js).padStart(5)} (raw ${r.jsRaw})  total ${String(r.total).padStart(6)} = ${(r.total / 1024).toFixed(1)} KB`)
    }
    for (const [id, r] of Object.entries(report)) expect(r.total, `${id}: ${r.total} bytes`).toBeLessThan(BUDGET)
  })
})
