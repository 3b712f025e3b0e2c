/**
 * Starts hailong: reads the settings, loads and validates the surveys, opens
 * and migrates the database, creates the first administrator and (on an empty
 * database) the demo province, then serves HTTP.
 */
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { readConfig } from './config.ts'
import { generatePassword, hashPassword } from './auth/passwords.ts'
import { seedDemo } from './demo/seed-demo.ts'
import { migrateToLatest } from './db/migrate.ts'
import { openDatabase } from './db/open-database.ts'
import { ResponseWriter } from './store/record-responses.ts'
import { listTargets, seedDefaultTargets } from './store/targets.ts'
import { createUser, findUserByName } from './store/users.ts'
import { listRoots } from './store/units.ts'
import { loadSurveys } from './surveys/load-surveys.ts'

async function main() {
  const config = readConfig()
  const surveys = loadSurveys(config.surveysDir)
  const store = await openDatabase(config)
  await migrateToLatest(store.db, store.dialect)
  await seedDefaultTargets(store.db)

  if (!(await findUserByName(store.db, 'admin'))) {
    const password = config.adminPassword ?? generatePassword()
    await createUser(store.db, { username: 'admin', passwordHash: await hashPassword(password), isAdmin: true })
    if (!config.adminPassword) console.log(`[hailong] created user "admin" with password: ${password}\n[hailong] (shown once; set HAILONG_ADMIN_PASSWORD to choose it)`)
  }

  let demoLinks: string[] = []
  if (config.demo && (await listRoots(store.db)).length === 0) {
    const started = Date.now()
    const demo = await seedDemo(store.db, surveys)
    console.log(`[hailong] demo province created: ${demo.units} units, ${demo.touchpoints.length} survey points, ${demo.responses} responses (${Date.now() - started} ms)`)
    const shown = new Set<string>()
    demoLinks = demo.touchpoints
      .filter((tp) => !shown.has(tp.survey) && shown.add(tp.survey))
      .map((tp) => `  ${config.publicUrl}/s/${tp.code}   ${tp.survey}: ${tp.unit} — ${tp.label}`)
  }

  let targets = await listTargets(store.db)
  const writer = new ResponseWriter(store.db)
  const app = createApp({ config, db: store.db, surveys, writer, targets: () => targets })
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    console.log(`[hailong] listening on port ${info.port} (${store.dialect}${store.file ? `: ${store.file}` : ''})`)
    console.log(`[hailong] dashboard: ${config.publicUrl}/dashboard`)
    if (demoLinks.length) console.log(`[hailong] survey pages:\n${demoLinks.join('\n')}`)
  })

  const stop = async () => {
    server.close()
    await writer.drain()
    await store.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  void targets
  targets = await listTargets(store.db)
}

main().catch((err) => {
  console.error(`[hailong] cannot start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
