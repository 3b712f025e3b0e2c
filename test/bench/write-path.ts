/**
 * The write path without HTTP: batches of submissions committed as the write
 * thread commits them (one transaction per batch, synchronous=FULL; no
 * checkpoint thread beside it, so its commits copy the WAL themselves each
 * time it passes COMMIT_CHECKPOINT_PAGES), spread over the 200 touchpoints of a 10-district province. Prints, per
 * batch size, responses per second, the time split between the
 * statements and the commit, and the database pages each response writes
 * to the WAL (a commit writes every page it changed as one WAL frame, with
 * two system calls: that count is what the commit's time follows), and
 * saves them to results.json.
 *
 *   npm run bench:write -- [seconds per size=3]
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { migrateToLatest } from '../../server/db/migrate.ts'
import { COMMIT_CHECKPOINT_PAGES, openDatabase } from '../../server/db/open-database.ts'
import { localDay } from '../../server/domain/local-day.ts'
import { fromRoot } from '../../server/paths.ts'
import { recordResponses, type ResponseRecord } from '../../server/store/record-responses.ts'
import { createTouchpoint } from '../../server/store/touchpoints.ts'
import { createUnit } from '../../server/store/units.ts'
import { loadSurveys } from '../../server/surveys/load-surveys.ts'
import { saveResult } from './results-file.ts'

const seconds = Number(process.argv[2] ?? 3)
const data = mkdtempSync(join(tmpdir(), 'hailong-write-'))
// Opened as the write thread opens its connection.
const store = await openDatabase({ dataDir: data, databaseUrl: null, walAutocheckpointPages: COMMIT_CHECKPOINT_PAGES, tempInMemory: true })
try {
  await migrateToLatest(store.db, store.dialect)
  const surveys = loadSurveys(fromRoot('surveys'))
  const ctx = { dialect: store.dialect, surveys, volume: null }
  const root = await createUnit(store.db, { name: 'Tỉnh', type: 'province', sector: 'administrative', parentId: null, code: null })
  const touchpoints: { id: number; unitId: number }[] = []
  for (let d = 0; d < 10; d++) {
    const district = await createUnit(store.db, { name: `Huyện ${d}`, type: 'district', sector: 'administrative', parentId: root.id, code: null })
    for (let k = 0; k < 10; k++) {
      const commune = await createUnit(store.db, { name: `Xã ${d}.${k}`, type: 'one-stop', sector: 'administrative', parentId: district.id, code: null })
      for (const label of ['Quầy 1', 'Quầy 2']) touchpoints.push({ id: (await createTouchpoint(store.db, { unitId: commune.id, serviceId: null, surveyId: 'counter-rating', label })).id, unitId: commune.id })
    }
  }
  const record = (): ResponseRecord => {
    const tp = touchpoints[Math.floor(Math.random() * touchpoints.length)]!
    const at = new Date()
    return { uid: randomUUID(), touchpointId: tp.id, unitId: tp.unitId, serviceId: null, surveyId: 'counter-rating', surveyVersion: 1, channel: 'api', lang: 'vi', day: localDay(at), receivedAt: at.toISOString(), bodyHash: randomUUID(), comment: null, answers: { overall: Math.random() < 0.9 ? 2 : 0 } }
  }

  const commitBatch = (recs: ResponseRecord[]) => store.db.transaction().execute((trx) => recordResponses(trx, ctx, recs))
  const pageSize = Number((await sql<{ page_size: number }>`pragma page_size`.execute(store.db)).rows[0]!.page_size)
  const wal = join(data, 'hailong.sqlite-wal')
  /** WAL frames per response over a few batches, with checkpoints held off so the WAL only grows. */
  const walPagesPerResponse = async (size: number, batches = 20): Promise<number> => {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db)
    await sql.raw('pragma wal_autocheckpoint = 0').execute(store.db)
    for (let i = 0; i < batches; i++) await commitBatch(Array.from({ length: size }, record))
    const frames = (statSync(wal).size - 32) / (24 + pageSize)
    await sql.raw(`pragma wal_autocheckpoint = ${COMMIT_CHECKPOINT_PAGES}`).execute(store.db)
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db)
    return round(frames / (batches * size))
  }

  const bySize: Record<number, { responses_per_second: number; ms_per_batch: number; statements_ms: number; commit_ms: number; wal_pages_per_response: number }> = {}
  for (const size of [16, 64, 128, 256]) {
    let batches = 0
    let statements = 0
    let commits = 0
    const t0 = performance.now()
    while (performance.now() - t0 < seconds * 1000) {
      const recs = Array.from({ length: size }, record)
      const b0 = performance.now()
      let b1 = 0
      // As commitBatch runs a batch, with the statements and the COMMIT (writing the WAL's frames, then its fsync) timed apart.
      await store.db.transaction().execute(async (trx) => {
        await recordResponses(trx, ctx, recs)
        b1 = performance.now()
      })
      batches++
      statements += b1 - b0
      commits += performance.now() - b1
    }
    const elapsed = (performance.now() - t0) / 1000
    bySize[size] = { responses_per_second: Math.round((batches * size) / elapsed), ms_per_batch: round((statements + commits) / batches), statements_ms: round(statements / batches), commit_ms: round(commits / batches), wal_pages_per_response: await walPagesPerResponse(size) }
  }
  saveResult('write_path', { touchpoints: touchpoints.length, durability: 'SQLite WAL, synchronous=FULL', page_size: pageSize, by_batch_size: bySize })
} finally {
  await store.close()
  rmSync(data, { recursive: true, force: true })
}

function round(x: number): number {
  return Math.round(x * 100) / 100
}
