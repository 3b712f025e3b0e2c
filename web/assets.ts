/**
 * Static assets of the pages: the citizen CSS (inlined) and the client
 * scripts (web/islands/*.ts): prebuilt beside the server bundle that `npm
 * start` runs, or bundled by esbuild on first use when running from the
 * sources (tests, development). Kept in memory once read.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { BuildOptions } from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fromRoot } from '../server/paths.ts'

/** Set by server/cli/build.ts in the bundle; absent when running from the sources. */
declare const __HAILONG_BUNDLE__: boolean | undefined
const PREBUILT = typeof __HAILONG_BUNDLE__ !== 'undefined' ? join(dirname(fileURLToPath(import.meta.url)), 'islands') : null

const here = (path: string) => fromRoot(`web/${path.replace(/^\.\//, '')}`)

/** How client scripts are bundled: for old phone browsers, minified. */
export const ISLAND_BUILD = { bundle: true, minify: true, format: 'iife', target: 'es2017', legalComments: 'none' } satisfies BuildOptions

let css: string | undefined
/** The citizen pages' stylesheet, minified by stripping what a browser ignores. */
export function citizenCss(): string {
  return (css ??= readFileSync(here('./styles/citizen.css'), 'utf8').replace(/\n/g, '').trim())
}

/** CSP source for the inline stylesheet: its hash, so no 'unsafe-inline' is needed. */
export function citizenCssHash(): string {
  return `'sha256-${createHash('sha256').update(citizenCss()).digest('base64')}'`
}

export interface Script {
  body: string
  etag: string
}

const scripts = new Map<string, Script>()

/** A client script by name (web/islands/{name}.ts), bundled for old phone browsers. */
export function islandScript(name: string): Script | undefined {
  if (!/^[a-z-]+$/.test(name)) return undefined
  let script = scripts.get(name)
  if (!script) {
    const body = prebuilt(name) ?? bundle(name)
    if (body === undefined) return undefined
    script = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` }
    scripts.set(name, script)
  }
  return script
}

/** The script built ahead beside the server bundle; never read when running from the sources, where it could be stale. */
function prebuilt(name: string): string | undefined {
  const file = PREBUILT && join(PREBUILT, `${name}.js`)
  return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined
}

/** Bundles a script on first use (tests and development); esbuild is loaded only then. */
function bundle(name: string): string | undefined {
  const entry = here(`./islands/${name}.ts`)
  if (!existsSync(entry)) return undefined
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
  return buildSync({ ...ISLAND_BUILD, entryPoints: [entry], write: false }).outputFiles[0]!.text
}
