/**
 * `npm start` runs this first: the server as one ES module bundle (its npm
 * packages stay external) with every client script prebuilt beside it, in
 * server/.build/ (or the folder given). Node then runs plain JavaScript: no
 * TypeScript loader and no bundler in the server's memory.
 */
import { readdirSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'esbuild'
import { fromRoot } from '../paths.ts'
import { ISLAND_BUILD } from '../../web/assets.ts'

const out = resolve(process.argv[2] ?? fromRoot('server/.build'))
const entries = { main: 'server/main.ts', admin: 'server/cli/hailong-admin.ts', rollups: 'server/cli/rollups.ts', generate: 'server/cli/generate.ts', 'write-worker': 'server/store/write-worker.ts', 'checkpoint-worker': 'server/store/checkpoint-worker.ts' }

rmSync(out, { recursive: true, force: true })
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, fromRoot(file)])),
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  define: { __HAILONG_BUNDLE__: 'true' },
  logLevel: 'warning',
})
const islands = readdirSync(fromRoot('web/islands')).filter((f) => f.endsWith('.ts'))
await Promise.all(islands.map((f) => build({ ...ISLAND_BUILD, entryPoints: [fromRoot(`web/islands/${f}`)], outfile: `${out}/islands/${f.replace(/\.ts$/, '.js')}` })))
console.log(`[hailong] built ${out} (server and ${islands.length} client scripts)`)
