/**
 * On SQLite a commit's fsync (synchronous=FULL) and every statement block
 * the thread that runs them, and on the server's thread that stalled every
 * request for the length of each batch. Submissions are therefore committed
 * in a worker thread with its own connection to the same file: the server's
 * thread goes on answering requests, and gathering the next batch, while the
 * previous one is written and synced on the other core.
 */
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { sqliteFile } from '../db/open-database.ts'
import { AppError } from '../errors.ts'
import { fromRoot } from '../paths.ts'
import type { ResponseRecord } from './record-responses.ts'
import type { Settled } from './response-writer.ts'
import type { CheckpointThreadData } from './checkpoint-worker.ts'
import { fromWire, type FromWriter, type ToWriter, type WriteThreadData } from './write-wire.ts'

declare const __HAILONG_BUNDLE__: boolean | undefined

/** A worker of server/store/<name>.ts, or of <name>.mjs beside the bundle. */
function spawnWorker(name: 'write-worker' | 'checkpoint-worker', data: WriteThreadData | CheckpointThreadData): Worker {
  // A thread's young generation is touched in full as it allocates: the checkpoint thread allocates little, and keeps it small.
  const resourceLimits = name === 'write-worker' ? { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } : { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 }
  const opts = { workerData: data, resourceLimits }
  if (typeof __HAILONG_BUNDLE__ !== 'undefined') return new Worker(new URL(`./${name}.mjs`, import.meta.url), opts)
  // Under tsx (development, tests) the worker's TypeScript needs tsx's loader registered in its own thread.
  const tsx = pathToFileURL(fromRoot('node_modules/tsx/dist/esm/api/index.mjs')).href
  const entry = pathToFileURL(fromRoot(`server/store/${name}.ts`)).href
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`, { ...opts, eval: true })
}

/** How often the checkpoint thread copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 20

export class WriteThread {
  #worker: Worker | null = null
  #starting: Promise<Worker> | null = null
  #pending = new Map<number, { size: number; done: (settled: Settled[]) => void }>()
  #seq = 0
  #checkpointer: Worker | null = null

  private constructor(private readonly data: WriteThreadData) {}

  /**
   * Starts the thread and waits until its connection is open, so a store it
   * cannot open fails start-up; and beside it the checkpoint thread
   * (checkpoint-worker.ts).
   */
  static async start(data: WriteThreadData): Promise<WriteThread> {
    const thread = new WriteThread(data)
    await thread.#running()
    const checkpointer = spawnWorker('checkpoint-worker', { file: sqliteFile(data.dataDir), intervalMs: CHECKPOINT_INTERVAL_MS })
    checkpointer.unref()
    checkpointer.on('error', (err) => console.error('[hailong] the checkpoint thread failed; commits checkpoint the WAL themselves:', err))
    checkpointer.once('exit', () => (thread.#checkpointer = null))
    thread.#checkpointer = checkpointer
    return thread
  }

  async commit(recs: ResponseRecord[]): Promise<Settled[]> {
    let worker: Worker
    try {
      worker = await this.#running()
    } catch (err) {
      console.error('[hailong] the write thread cannot start:', err)
      throw new AppError(503, 'write_unavailable')
    }
    const seq = ++this.#seq
    return new Promise((resolve) => {
      this.#pending.set(seq, { size: recs.length, done: resolve })
      worker.postMessage({ kind: 'commit', seq, recs } satisfies ToWriter)
    })
  }

  /** Messages are handled in order: the next batch sent sees the change. */
  webhooksChanged(): void {
    this.#worker?.postMessage({ kind: 'webhooks-changed' } satisfies ToWriter)
  }

  /** Batches sent and not answered yet. */
  get inFlight(): number {
    return this.#pending.size
  }

  /** Stops the thread at once, as a crash would (tests use it); the next commit starts it again. */
  async terminate(): Promise<void> {
    await this.#worker?.terminate()
  }

  /** Closes the threads' connections and waits for them to end. */
  async close(): Promise<void> {
    const checkpointer = this.#checkpointer
    if (checkpointer) {
      const exited = new Promise((r) => checkpointer.once('exit', r))
      checkpointer.postMessage('close')
      await exited
    }
    const worker = this.#worker ?? (await this.#starting?.catch(() => null))
    if (!worker) return
    const exited = new Promise((r) => worker.once('exit', r))
    worker.postMessage({ kind: 'close' } satisfies ToWriter)
    await exited
  }

  /** The live thread, started again if it died (it is not expected to: this is the way back from a crash). */
  #running(): Promise<Worker> {
    if (this.#worker) return Promise.resolve(this.#worker)
    this.#starting ??= new Promise<Worker>((resolve, reject) => {
      const worker = spawnWorker('write-worker', this.data)
      // The open HTTP server keeps the process alive; the thread alone must not.
      worker.unref()
      worker.on('message', (msg: FromWriter) => {
        if (msg.kind === 'ready') {
          this.#worker = worker
          resolve(worker)
        } else if (msg.kind === 'failed') {
          reject(new Error(msg.message))
        } else {
          this.#pending.get(msg.seq)?.done(msg.settled.map(fromWire))
          this.#pending.delete(msg.seq)
        }
      })
      worker.on('error', (err) => console.error('[hailong] the write thread failed:', err))
      worker.once('exit', () => {
        if (this.#worker === worker) this.#worker = null
        this.#starting = null
        reject(new Error('the write thread exited before it was ready'))
        // Whether a batch in flight was committed is unknown: its senders get 503, and a retry with the same id is counted once.
        const failed = { ok: false as const, error: new AppError(503, 'write_unavailable') }
        for (const { size, done } of this.#pending.values()) done(Array.from({ length: size }, () => failed))
        this.#pending.clear()
      })
    })
    return this.#starting
  }
}
