/**
 * The write path keeps few indexes on responses (each costs a WAL page per
 * response in every group commit), so the reads that depend on one must be
 * seen to use it: SQLite's plan, on a real file, for the statements as the
 * server builds them. A dropped or reordered index shows here as a scan.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompiledQuery, type Compilable } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../server/db/migrate.ts'
import { openDatabase, type OpenDatabase } from '../../server/db/open-database.ts'
import { DEFAULT_VOLUME_RULES } from '../../server/domain/flag-rules.ts'
import { responsesOfDay } from '../../server/export/read-responses.ts'
import { commentedResponses } from '../../server/store/comments.ts'
import { windowBounds, windowQuery } from '../../server/store/flags.ts'
import { TEST_DIALECT } from '../support/start-server.ts'

let dir: string
let store: OpenDatabase

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hailong-plans-'))
  store = await openDatabase({ dataDir: dir, databaseUrl: null })
  await migrateToLatest(store.db, store.dialect)
})

afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The plan's lines, as EXPLAIN QUERY PLAN gives them. */
async function plan(query: Compilable): Promise<string[]> {
  const { sql: text, parameters } = query.compile()
  const rows = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]))
  return rows.rows.map((r) => r.detail)
}

describe.skipIf(TEST_DIALECT === 'postgres')('query plans on SQLite', () => {
  it("finds the flag rules' window under the unit, day and touchpoint, without scanning", async () => {
    const batch = [
      { touchpointId: 3, unitId: 2, receivedAt: '2026-11-20T03:00:00.000Z' },
      { touchpointId: 4, unitId: 2, receivedAt: '2026-11-20T03:00:01.000Z' },
    ]
    const lines = await plan(windowQuery(store.db, windowBounds(DEFAULT_VOLUME_RULES, batch)))
    expect(lines.join('\n')).toMatch(/SEARCH responses USING INDEX responses_unit_day_touchpoint \(unit_id=\? AND day>\?\)/)
    expect(lines.join('\n')).not.toMatch(/SCAN responses/)
  })

  it("reads a small subtree's day for an export by its units, and a large one by the instrument's day", async () => {
    const scope = { unitPath: '/1/2/', surveyId: 'counter-rating', from: '2026-11-01', to: '2026-11-30', all: false, receivedBy: null }
    expect((await plan(responsesOfDay(store.db, scope, true, '2026-11-20').select('r.id'))).join('\n')).toMatch(/SEARCH r USING INDEX responses_unit_day_touchpoint \(unit_id=\? AND day=\?\)/)
    expect((await plan(responsesOfDay(store.db, scope, false, '2026-11-20').select('r.id'))).join('\n')).toMatch(/SEARCH r USING INDEX responses_survey_day \(survey_id=\? AND day=\?\)/)
  })

  it("seeks a small subtree's units for its comments", async () => {
    const q = { unitPath: '/1/2/', from: '2026-01-01', to: '2026-11-21', surveyId: null, serviceId: null, touchpointId: null, rating: null, before: null, limit: 50, lang: 'vi' }
    expect((await plan(commentedResponses(store.db, q, null, true))).join('\n')).toMatch(/SEARCH r USING INDEX responses_unit_day_touchpoint \(unit_id=\? AND day>\? AND day<\?\)/)
  })
})
