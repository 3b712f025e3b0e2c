/**
 * `npm run generate -- 1000000 [--years 2] [--districts 20] [--communes 25]`
 * fills the configured database (HAILONG_DATA or DATABASE_URL) with a large
 * synthetic province for benchmarks. It refuses a database that already has
 * units, so it never mixes made-up numbers into real ones.
 */
import { parseArgs } from 'node:util'
import { readConfig } from '../config.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { openDatabase } from '../db/open-database.ts'
import { generateProvince } from '../demo/generate-province.ts'
import { seedDefaultTargets } from '../store/targets.ts'
import { listRoots } from '../store/units.ts'
import { loadSurveys } from '../surveys/load-surveys.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { years: { type: 'string' }, districts: { type: 'string' }, communes: { type: 'string' }, seed: { type: 'string' } },
})
const count = Number(positionals[0])
const num = (s: string | undefined) => (s === undefined ? undefined : Number(s))
if (!Number.isInteger(count) || count < 0) {
  console.error('usage: npm run generate -- <number of responses> [--years N] [--districts N] [--communes N] [--seed N]')
  process.exit(2)
}

const config = readConfig()
const store = await openDatabase(config)
try {
  await migrateToLatest(store.db, store.dialect)
  await seedDefaultTargets(store.db)
  if ((await listRoots(store.db)).length) {
    console.error('[generate] the database already has units; point HAILONG_DATA or DATABASE_URL at an empty one')
    process.exitCode = 1
  } else {
    const started = Date.now()
    let last = 0
    const summary = await generateProvince(store.db, store.dialect, loadSurveys(config.surveysDir), {
      responses: count,
      years: num(values.years),
      districts: num(values.districts),
      communes: num(values.communes),
      seed: num(values.seed),
      onProgress: (done) => {
        if (done - last >= 500_000) {
          last = done
          console.log(`[generate] ${done.toLocaleString('en')} responses, ${Math.round(done / ((Date.now() - started) / 1000)).toLocaleString('en')}/s`)
        }
      },
    })
    console.log(`[generate] ${summary.units} units, ${summary.touchpoints} touchpoints, ${summary.responses.toLocaleString('en')} responses in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
} finally {
  await store.close()
}
