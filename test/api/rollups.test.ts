import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headlineFigure } from '../../server/domain/scoring.ts'
import { loadTallies } from '../../server/store/load-tallies.ts'
import { rebuildRollups, verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { loadRollupTallies, loadSubtreeTallies } from '../../server/store/read-rollups.ts'
import { loadScopeTallies, surveysInScope } from '../../server/store/scope-tallies.ts'
import { loadUnitTallies } from '../../server/store/load-unit-tallies.ts'
import { addDays } from '../../server/domain/local-day.ts'
import { mulberry32 } from '../../server/demo/random.ts'
import { startServer, type TestServer } from '../support/start-server.ts'

let server: TestServer

beforeAll(async () => {
  server = await startServer({ demo: true })
}, 60_000)
afterAll(() => server.close())

const db = () => server.hl.store.db

async function allMatch() {
  const checks = await verifyRollups(db(), server.hl.store.dialect, server.hl.surveys)
  return checks.flatMap((c) => c.mismatched)
}

describe('rollups', () => {
  it('match a recount of the demo province', async () => {
    const checks = await verifyRollups(db(), server.hl.store.dialect, server.hl.surveys)
    expect(checks.reduce((s, c) => s + c.rows, 0)).toBeGreaterThan(100)
    expect(checks.flatMap((c) => c.mismatched)).toEqual([])
  })

  it('give the same figures as the raw answers for a whole year', async () => {
    const root = await db().selectFrom('units').selectAll().where('parent_id', 'is', null).executeTakeFirstOrThrow()
    const months = await db().selectFrom('rollups').select((eb) => [eb.fn.min('month').as('lo'), eb.fn.max('month').as('hi')]).executeTakeFirstOrThrow()
    const to = `${months.hi}-31`
    for (const def of server.hl.surveys.values()) {
      const raw = await loadTallies(db(), def, { unitPath: root.path, from: `${months.lo}-01`, to }, 'touchpoint')
      const rolled = await loadRollupTallies(db(), def, { unitPath: root.path, fromMonth: months.lo!, toMonth: months.hi! }, 'touchpoint')
      expect(rolled, def.id).not.toBeNull()
      expect(rolled!.total, def.id).toEqual(raw.total)
      expect(headlineFigure(rolled!.total, def)).toEqual(headlineFigure(raw.total, def))
      expect(new Map([...rolled!.groups].filter(([, t]) => t.n > 0)), def.id).toEqual(raw.groups)
      const subtree = await loadSubtreeTallies(db(), def, root.id, months.lo!, months.hi!)
      expect(subtree!.total, def.id).toEqual(raw.total)
    }
  })

  it('read any range and breakdown exactly as the raw answers do', async () => {
    const units = await db().selectFrom('units').selectAll().execute()
    const last = (await db().selectFrom('responses').select((eb) => eb.fn.max('day').as('d')).executeTakeFirstOrThrow()).d!
    const rng = mulberry32(7)
    for (let i = 0; i < 12; i++) {
      const unit = units[Math.floor(rng() * units.length)]!
      const from = addDays(last, -Math.floor(rng() * 330))
      // Whole months, ragged ends, single days, and ranges that reach "today".
      const to = i % 3 === 0 ? last : addDays(from, Math.floor(rng() * 120))
      const scope = { unitPath: unit.path, from, to }
      const ids = await surveysInScope(db(), scope, addDays(last, 1))
      for (const id of ids) {
        const def = server.hl.surveys.get(id)!
        for (const by of [null, 'month', 'service', 'touchpoint'] as const) {
          const raw = await loadTallies(db(), def, scope, by)
          const fast = await loadScopeTallies(db(), def, scope, by, addDays(last, 1))
          expect(fast.total, `${unit.name} ${from}..${to} ${id} ${by}`).toEqual(raw.total)
          expect(fast.groups, `${unit.name} ${from}..${to} ${id} ${by}`).toEqual(raw.groups)
        }
      }
    }
  })

  it('give every unit of the province table its subtree as the raw answers do', async () => {
    const units = await db().selectFrom('units').selectAll().orderBy('path').execute()
    const last = (await db().selectFrom('responses').select((eb) => eb.fn.max('day').as('d')).executeTakeFirstOrThrow()).d!
    const scope = { unitPath: units[0]!.path, from: `${addDays(last, -200).slice(0, 7)}-10`, to: last }
    for (const def of server.hl.surveys.values()) {
      const { pooled } = await loadUnitTallies(db(), def, scope, units, addDays(last, 1))
      for (const u of units) {
        const raw = await loadTallies(db(), def, { ...scope, unitPath: u.path }, null)
        expect(pooled.get(u.id) ?? null, `${def.id} ${u.name}`).toEqual(raw.total.n ? raw.total : null)
      }
    }
  })

  it('take in new responses in the same transaction, once per id', async () => {
    const tp = await db().selectFrom('touchpoints').selectAll().where('survey_id', '=', 'counter-rating').executeTakeFirstOrThrow()
    const before = await db().selectFrom('rollups').select((eb) => eb.fn.sum<number>('n').as('n')).where('touchpoint_id', '=', tp.id).executeTakeFirstOrThrow()
    const bodies = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: randomUUID(), touchpoint: tp.code, answers: { overall: i % 3 } }))
    const post = (body: string) => fetch(`${server.url}/api/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    // Every body twice, concurrently: the replays must not count.
    const statuses = await Promise.all([...bodies, ...bodies].map(post).map((p) => p.then((r) => r.status)))
    expect(statuses.filter((s) => s === 201)).toHaveLength(30)
    const after = await db().selectFrom('rollups').select((eb) => eb.fn.sum<number>('n').as('n')).where('touchpoint_id', '=', tp.id).executeTakeFirstOrThrow()
    expect(Number(after.n) - Number(before.n)).toBe(30)
    expect(await allMatch()).toEqual([])
  })

  it('are found out when they drift, and rebuilt', async () => {
    const row = await db().selectFrom('rollups').selectAll().where('survey_id', '=', 'counter-rating').executeTakeFirstOrThrow()
    await db().updateTable('rollups').set({ sums: row.sums.replace(/"n":(\d+)/, (_, n) => `"n":${Number(n) + 1}`) }).where('survey_id', '=', row.survey_id).where('month', '=', row.month).where('touchpoint_id', '=', row.touchpoint_id).execute()
    expect(await allMatch()).toEqual([`counter-rating/touchpoint/${row.month}/${row.touchpoint_id}`])
    await rebuildRollups(db(), server.hl.store.dialect, server.hl.surveys, 'counter-rating')
    expect(await allMatch()).toEqual([])
  })
})
