/**
 * Statements compiled once per shape (store/shaped-query.ts), on the real
 * store of either dialect: each call must bind its own values, and the
 * padding the write path relies on must leave the results unchanged.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { padded, runShaped } from '../../server/store/shaped-query.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

interface Probe {
  shaped_probe: { key: string; kind: string; n: number | null }
}

let srv: TestServer
let db: Kysely<Probe>
const dialect = () => srv.hl.store.dialect

beforeAll(async () => {
  srv = await startServer()
  db = srv.hl.store.db as unknown as Kysely<Probe>
  await db.schema.createTable('shaped_probe').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('kind', 'text', (c) => c.notNull()).addColumn('n', 'integer').execute()
}, 60_000)
afterAll(() => srv.close())

const rows = (kind: string, count: number) => Array.from({ length: count }, (_, i) => ({ key: randomUUID(), kind, n: i % 2 ? i : null }))
const insert = (values: { key: string; kind: string; n: number | null }[]) =>
  db
    .insertInto('shaped_probe')
    .values(values)
    .onConflict((oc) => oc.column('key').doNothing())
    .returning(['key', 'n'])

describe('statements compiled once per shape', () => {
  it('compile a shape once and bind each call’s own values', async () => {
    let builds = 0
    const [a, b] = [rows('first', 3), rows('second', 3)]
    for (const values of [a, b])
      await runShaped(db, dialect(), 'probe insert', values, (v) => {
        builds++
        return insert(v)
      })
    expect(builds).toBe(1)
    const stored = await db.selectFrom('shaped_probe').selectAll().where('kind', 'in', ['first', 'second']).orderBy('key').execute()
    expect(stored).toEqual([...a, ...b].sort((x, y) => (x.key < y.key ? -1 : 1)))
  })

  it('keep a statement’s own constants, and tell shapes apart by their number of values', async () => {
    await runShaped(db, dialect(), 'probe insert', rows('constant', 5), insert)
    let builds = 0
    const count = (keys: string[]) =>
      runShaped(db, dialect(), 'probe by key, kind constant', keys, (v) => {
        builds++
        return db.selectFrom('shaped_probe').select('key').where('kind', '=', 'constant').where('key', 'in', v)
      })
    const constant = (await db.selectFrom('shaped_probe').select('key').where('kind', '=', 'constant').execute()).map((r) => r.key)
    const other = (await db.selectFrom('shaped_probe').select('key').where('kind', '=', 'first').execute()).map((r) => r.key)
    expect(await count([constant[0]!, other[0]!])).toHaveLength(1)
    expect(await count([other[1]!, constant[1]!])).toHaveLength(1)
    expect(await count(constant.slice(0, 3))).toHaveLength(3)
    expect(builds).toBe(2)
  })

  it('skip padded copies: a padded insert returns and stores each row once, a padded list matches each once', async () => {
    const values = rows('padded', 9)
    const returned = await runShaped(db, dialect(), 'probe insert', padded(values), insert)
    expect(returned.map((r) => r.key).sort()).toEqual(values.map((r) => r.key).sort())
    const found = await runShaped(db, dialect(), 'probe keys', padded(values.map((r) => r.key)), (v) => db.selectFrom('shaped_probe').select('key').where('key', 'in', v))
    expect(found).toHaveLength(9)
  })

  it('refuse rows whose columns differ, before anything is written', async () => {
    const [good, bad] = rows('mixed', 2)
    const { n: _, ...short } = bad!
    await expect(runShaped(db, dialect(), 'probe insert', [good!, short as typeof good & {}], insert)).rejects.toThrow(/same columns/)
    const renamed = { key: bad!.key, kind: 'mixed', count: 1 } as unknown as typeof good & {}
    await expect(runShaped(db, dialect(), 'probe insert', [good!, renamed], insert)).rejects.toThrow(/lacks the column n/)
    expect(await db.selectFrom('shaped_probe').select('key').where('kind', '=', 'mixed').execute()).toEqual([])
  })
})
