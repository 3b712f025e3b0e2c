/**
 * The SQLite write thread (see write-thread.ts): its own connection to the
 * same file, committing the batches the server's thread sends and answering
 * with what became of each response.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { COMMIT_CHECKPOINT_PAGES, openDatabase } from '../db/open-database.ts'
import { loadSurveys } from '../surveys/load-surveys.ts'
import { commitBatch } from './response-writer.ts'
import { forgetActiveHooks } from './webhooks.ts'
import { toWire, type FromWriter, type ToWriter, type WriteThreadData } from './write-wire.ts'

const data = workerData as WriteThreadData
const port = parentPort!
try {
  const store = await openDatabase({ dataDir: data.dataDir, databaseUrl: null, busyTimeoutMs: data.busyTimeoutMs, walAutocheckpointPages: COMMIT_CHECKPOINT_PAGES, tempInMemory: true })
  const ctx = { dialect: 'sqlite' as const, surveys: loadSurveys(data.surveysDir), volume: data.volume }
  port.on('message', async (msg: ToWriter) => {
    if (msg.kind === 'close') {
      await store.close()
      port.close()
      return
    }
    if (msg.kind === 'webhooks-changed') return forgetActiveHooks(ctx.surveys)
    const settled = await commitBatch(store.db, ctx, msg.recs)
    port.postMessage({ kind: 'done', seq: msg.seq, settled: settled.map(toWire) } satisfies FromWriter)
  })
  port.postMessage({ kind: 'ready' } satisfies FromWriter)
} catch (err) {
  port.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FromWriter)
}
