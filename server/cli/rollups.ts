/**
 * `npm run rollups -- verify` recounts every rollup from the raw responses
 * and reports any difference (exit 1 if one is found); `npm run rollups --
 * rebuild` replaces them by the recount. Uses the same settings as the
 * server (HAILONG_DATA, DATABASE_URL) and never serves HTTP.
 */
import { readConfig } from '../config.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { openDatabase } from '../db/open-database.ts'
import { rebuildRollups, verifyRollups } from '../store/rebuild-rollups.ts'
import { loadSurveys } from '../surveys/load-surveys.ts'

async function main(command: string | undefined): Promise<number> {
  if (command !== 'verify' && command !== 'rebuild') {
    console.error('usage: npm run rollups -- verify|rebuild')
    return 2
  }
  const config = readConfig()
  const surveys = loadSurveys(config.surveysDir)
  const store = await openDatabase(config)
  try {
    await migrateToLatest(store.db, store.dialect)
    if (command === 'rebuild') {
      for (const id of surveys.keys()) console.log(`${id}: ${await rebuildRollups(store.db, store.dialect, surveys, id)} rows rebuilt`)
      return 0
    }
    let bad = 0
    for (const check of await verifyRollups(store.db, store.dialect, surveys)) {
      bad += check.mismatched.length
      console.log(`${check.surveyId}: ${check.rows} rows, ${check.mismatched.length} differ${check.mismatched.length ? `: ${check.mismatched.slice(0, 10).join(', ')}` : ''}`)
    }
    console.log(bad ? `${bad} rollup rows differ from the raw responses: run "npm run rollups -- rebuild"` : 'rollups match the raw responses')
    return bad ? 1 : 0
  } finally {
    await store.close()
  }
}

process.exitCode = await main(process.argv[2])
