/**
 * The SQLite write thread (see write-thread.ts): its own connection to the
 * same file, committing the batches the server's thread sends and answering
 * with what became of each response.
 *
 * The server's thread sends each batch as soon as it is gathered. Batches
 * that arrive while a transaction commits wait in the port, and the next
 * transaction takes all of them: the thread goes from one commit straight to
 * the next, and the slower the commits, the larger the groups.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/open-database.ts'
import { loadSurveys } from '../surveys/load-surveys.ts'
import { commitBatch } from './response-writer.ts'
import { forgetActiveHooks } from './webhooks.ts'
import { toWire, WRITER_CHECKPOINT_PAGES, type FromWriter, type ToWriter, type WriteThreadData } from './write-wire.ts'

type Commit = Extract<ToWriter, { kind: 'commit' }>

const data = workerData as WriteThreadData
const port = parentPort!
try {
  const store = await openDatabase({ dataDir: data.dataDir, databaseUrl: null, busyTimeoutMs: data.busyTimeoutMs, walAutocheckpointPages: WRITER_CHECKPOINT_PAGES, tempInMemory: true })
  const ctx = { dialect: 'sqlite' as const, surveys: loadSurveys(data.surveysDir), volume: data.volume }
  const waiting: Commit[] = []
  let committing = false
  let closing = false

  /** Messages other than commits take effect at once; a close waits for the commits before it. */
  const take = (msg: ToWriter) => {
    if (msg.kind === 'commit') waiting.push(msg)
    else if (msg.kind === 'webhooks-changed') forgetActiveHooks(ctx.surveys)
    else closing = true
  }

  const run = async () => {
    committing = true
    for (;;) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) take(m.message as ToWriter)
      if (!waiting.length) break
      const group = waiting.splice(0)
      const settled = await commitBatch(store.db, ctx, group.flatMap((c) => c.recs))
      let at = 0
      for (const c of group) port.postMessage({ kind: 'done', seq: c.seq, settled: settled.slice(at, (at += c.recs.length)).map(toWire) } satisfies FromWriter)
    }
    committing = false
    if (closing) {
      await store.close()
      port.close()
    }
  }

  port.on('message', (msg: ToWriter) => {
    take(msg)
    if (!committing) void run()
  })
  port.postMessage({ kind: 'ready' } satisfies FromWriter)
} catch (err) {
  port.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FromWriter)
}
