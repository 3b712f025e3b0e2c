/**
 * The SQLite checkpoint thread: copies committed pages from the WAL into the
 * database file, so that the write thread's commits hardly ever do it.
 *
 * A checkpoint run by a commit makes that batch wait while it copies every
 * page changed since the last one; under load that was about half of the
 * commit's time. Here a PASSIVE checkpoint runs every few milliseconds
 * beside the writer without blocking it. It cannot make the WAL start over
 * (that needs a moment with no commit in between, which a busy writer seldom
 * leaves), so the write thread still checkpoints when the WAL passes
 * COMMIT_CHECKPOINT_PAGES; by then this thread has copied all but the last
 * few milliseconds, and the next commit writes from the start of the WAL.
 *
 * It imports only better-sqlite3: a thread costs the memory of what it loads.
 */
import { parentPort, workerData } from 'node:worker_threads'
import SQLite from 'better-sqlite3'

export interface CheckpointThreadData {
  file: string
  intervalMs: number
}

const data = workerData as CheckpointThreadData
const port = parentPort!
const db = new SQLite(data.file)
// A checkpoint syncs the WAL before copying and the database file after, as the writer's would.
db.pragma('synchronous = FULL')
db.pragma('wal_autocheckpoint = 0')

let timer: NodeJS.Timeout | undefined
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (err) {
    // The writer's own checkpoints go on regardless; a failed round is tried again at the next tick.
    console.error('[hailong] checkpoint failed:', err)
  }
  timer = setTimeout(checkpoint, data.intervalMs)
}

port.on('message', (msg: 'close') => {
  if (msg !== 'close') return
  clearTimeout(timer)
  db.close()
  port.close()
})
checkpoint()
