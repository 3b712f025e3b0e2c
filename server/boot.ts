/**
 * Everything start-up does before serving, shared by main.ts and the tests:
 * load and validate the surveys, open and migrate the store, install the
 * default targets, create the first administrator and, on an empty database,
 * the demo province.
 */
import type { Config } from './config.ts'
import { createApp } from './app.ts'
import { generatePassword, hashPassword } from './auth/passwords.ts'
import { migrateToLatest } from './db/migrate.ts'
import { COMMIT_CHECKPOINT_PAGES, openDatabase, type OpenDatabase } from './db/open-database.ts'
import { withSetupLock } from './db/setup-lock.ts'
import { seedDemo, type DemoSummary } from './demo/seed-demo.ts'
import type { Target } from './domain/targets.ts'
import { DEFAULT_VOLUME_RULES } from './domain/flag-rules.ts'
import { commitBatch, ResponseWriter } from './store/response-writer.ts'
import { WriteThread } from './store/write-thread.ts'
import { forgetActiveHooks } from './store/webhooks.ts'
import { rebuildRollups, staleRollupSurveys } from './store/rebuild-rollups.ts'
import { listTargets, seedDefaultTargets } from './store/targets.ts'
import { listRoots } from './store/units.ts'
import { createUser, hasAdministrator } from './store/users.ts'
import { loadSurveys, type SurveyCatalogue } from './surveys/load-surveys.ts'
import { WebhookDispatcher } from './webhooks/dispatcher.ts'

export interface Booted {
  app: ReturnType<typeof createApp>
  store: OpenDatabase
  surveys: SurveyCatalogue
  writer: ResponseWriter
  /** On SQLite, the thread that commits submissions. */
  writeThread: WriteThread | null
  /** The administrator's password when boot generated it (print it once). */
  generatedPassword: string | null
  demo: DemoSummary | null
  /** Re-reads targets after an administrator changed them. */
  reloadTargets(): Promise<void>
  shutdown(): Promise<void>
}

export async function boot(config: Config, opts: { demoToday?: string } = {}): Promise<Booted> {
  const surveys = loadSurveys(config.surveysDir)
  // The server's own commits (sign-ins, administration) leave checkpoints to the checkpoint thread too.
  const store = await openDatabase({ ...config, walAutocheckpointPages: COMMIT_CHECKPOINT_PAGES })
  await migrateToLatest(store.db, store.dialect)
  let generatedPassword: string | null = null
  const demo = await withSetupLock(store.db, store.dialect, async () => {
    await seedDefaultTargets(store.db)
    // Only on a store without any administrator: one made with `npm run admin` counts.
    if (!(await hasAdministrator(store.db))) {
      const password = config.adminPassword ?? (generatedPassword = generatePassword())
      await createUser(store.db, { username: 'admin', passwordHash: await hashPassword(password), isAdmin: true })
    }

    for (const surveyId of await staleRollupSurveys(store.db, surveys)) {
      console.log(`[hailong] rebuilding the rollups of ${surveyId}: its definition changed`)
      await rebuildRollups(store.db, store.dialect, surveys, surveyId)
    }
    // A database from before the rollups (the first release) has responses the rollups migration could not count: it cannot read survey definitions.
    for (const surveyId of await unrolledSurveys(store.db, surveys)) {
      console.log(`[hailong] building the rollups of ${surveyId}: its responses were stored before rollups existed`)
      await rebuildRollups(store.db, store.dialect, surveys, surveyId)
    }

    return config.demo && (await listRoots(store.db)).length === 0 ? await seedDemo(store.db, store.dialect, surveys, { today: opts.demoToday }) : null
  })

  let targets: Target[] = await listTargets(store.db)
  const recording = { dialect: store.dialect, surveys, volume: config.rateLimit ? DEFAULT_VOLUME_RULES : null }
  // On SQLite, submissions are committed by a thread of their own (write-thread.ts); PostgreSQL's driver never blocks.
  // That thread waits long for the lock: a submission had better wait out a big unit move than fail.
  const thread = store.dialect === 'sqlite' ? await WriteThread.start({ dataDir: config.dataDir, surveysDir: config.surveysDir, volume: recording.volume, busyTimeoutMs: 30_000 }) : null
  const writer = thread
    ? new ResponseWriter((recs) => thread.commit(recs), { webhooksChanged: () => thread.webhooksChanged() })
    : new ResponseWriter((recs) => commitBatch(store.db, recording, recs), { webhooksChanged: () => forgetActiveHooks(surveys) })
  const reloadTargets = async () => {
    targets = await listTargets(store.db)
  }
  const app = createApp({ config, db: store.db, dialect: store.dialect, surveys, writer, targets: () => targets, reloadTargets })
  const webhooks = new WebhookDispatcher(store.db, store.dialect, { backoffMs: Math.max(1, config.webhookBackoffMs) })
  webhooks.start()
  return {
    app,
    store,
    surveys,
    writer,
    writeThread: thread,
    generatedPassword,
    demo,
    reloadTargets,
    async shutdown() {
      await writer.drain()
      await thread?.close()
      await webhooks.stop()
      await store.close()
    },
  }
}

/** Instruments with counted responses but not a single rollup row: every counted response adds one, so these were never rolled up. */
async function unrolledSurveys(db: OpenDatabase['db'], surveys: SurveyCatalogue): Promise<string[]> {
  const out: string[] = []
  for (const id of surveys.keys()) {
    const counted = await db.selectFrom('responses').select('id').where('survey_id', '=', id).where('status', '=', 'ok').limit(1).executeTakeFirst()
    if (!counted) continue
    const rolled = await db.selectFrom('rollups').select('n').where('survey_id', '=', id).limit(1).executeTakeFirst()
    if (!rolled) out.push(id)
  }
  return out
}
