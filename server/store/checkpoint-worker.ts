/**
 * The SQLite checkpoint thread: copies committed pages from the WAL into the
 * database file, so that the write thread's commits never do it.
 *
 * A checkpoint run by a commit makes that batch wait while it copies every
 * page changed since the last one; under load that was about half of the
 * commit's time. Here a PASSIVE checkpoint runs every few milliseconds
 * beside the writer without blocking it. A PASSIVE checkpoint never lets
 * the WAL start over while the writer keeps appending, so once the WAL
 * holds `restartPages`, a RESTART checkpoint (which holds the writer back
 * while it copies what the last PASSIVE one left, a few milliseconds) makes
 * the next commit write from the start of the file again.
 *
 * It imports only better-sqlite3: a thread costs the memory of what it loads.
 */
import { parentPort, workerData } from 'node:worker_threads'
import SQLite from 'better-sqlite3'

export interface CheckpointThreadData {
  file: string
  intervalMs: number
  restartPages: number
}

interface CheckpointResult {
  busy: number
  log: number
  checkpointed: number
}

const data = workerData as CheckpointThreadData
const port = parentPort!
const db = new SQLite(data.file)
// A checkpoint syncs the WAL before copying and the database file after, as the writer's would.
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
db.pragma('wal_autocheckpoint = 0')

let timer: NodeJS.Timeout | undefined
const checkpoint = () => {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[]
    if (passive && passive.log >= data.restartPages) db.pragma('wal_checkpoint(RESTART)')
  } catch (err) {
    // The writer's own automatic checkpoint is the backstop; a failed round is tried again at the next tick.
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
