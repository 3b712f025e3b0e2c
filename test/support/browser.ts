/**
 * Debian's chromium driven by playwright-core (no browser download).
 * The flags keep it off the network this machine does not have.
 */
import { mkdirSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = process.env.HAILONG_CHROMIUM || '/usr/bin/chromium'
export const OUTPUT_DIR = new URL('../../test-output/', import.meta.url).pathname

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export function outputPath(name: string): string {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  return `${OUTPUT_DIR}${name}`
}
