/**
 * Static assets of the pages: the citizen CSS (inlined) and the client
 * scripts (web/islands/*.ts, bundled and minified by esbuild on first use and
 * kept in memory). Read lazily, so importing this module does no I/O.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { buildSync } from 'esbuild'

const here = (path: string) => new URL(path, import.meta.url).pathname

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
    let out
    try {
      out = buildSync({ entryPoints: [here(`./islands/${name}.ts`)], bundle: true, minify: true, write: false, format: 'iife', target: 'es2017', legalComments: 'none' })
    } catch {
      return undefined
    }
    const body = out.outputFiles[0]!.text
    script = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` }
    scripts.set(name, script)
  }
  return script
}
