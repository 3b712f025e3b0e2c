/**
 * Where the project's files are, for code that reads them at run time
 * (survey definitions, stylesheets, client scripts). Found by walking up to
 * the folder holding package.json, so the same code works from the sources
 * (under tsx or vitest) and from the bundle that `npm start` builds.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'surveys'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('cannot find the hailong folder (package.json and surveys/) above the running code')
    dir = up
  }
  return dir
}

export const ROOT = findRoot()

/** A path inside the project, e.g. fromRoot('web/styles/citizen.css'). */
export const fromRoot = (path: string) => join(ROOT, path)
