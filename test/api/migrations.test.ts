/**
 * An installation of the previous release upgrades: a database with only
 * the first migration (2026-11-22-0001-init), holding rows written the way
 * that release wrote them, is migrated by the current start-up, and then
 * reads right: old accounts log in, and the results of old responses equal
 * what their raw answers say, which needs rollups built for responses stored
 * before rollups existed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { hashPassword } from '../../server/auth/passwords.ts'
import { boot, type Booted } from '../../server/boot.ts'
import { readConfig } from '../../server/config.ts'
import { migrateToLatest } from '../../server/db/migrate.ts'
import { init } from '../../server/db/migrations/2026-11-22-0001-init.ts'
import { openDatabase } from '../../server/db/open-database.ts'
import { verifyRollups } from '../../server/store/rebuild-rollups.ts'
import { freshPostgresDatabase, TEST_DIALECT } from '../support/start-server.ts'

const OLD_PASSWORD = 'mật khẩu bản cũ 2026'
let data: string
let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | null = null
let hl: Booted
const logged: string[] = []

/** Whole months well in the past, so results read them from the rollups rather than the raw rows. */
function pastMonth(back: number): string {
  const d = new Date(Date.now() + 7 * 3600_000)
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - back)
  return d.toISOString().slice(0, 7)
}
const [early, late] = [pastMonth(3), pastMonth(2)]
const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10)

/** Overall ratings per touchpoint and month: what the citizens said. */
const RATINGS: Record<'a' | 'b', Record<string, number[]>> = {
  a: { [early]: [2, 2, 1, 1, 1, 0, 2, 1, 0, 2, 2, 1], [late]: [1, 1, 0, 2, 2, 2, 1, 0] },
  b: { [early]: [0, 0, 1, 2, 0, 1], [late]: [2, 2, 2, 0, 1, 1, 1] },
}

/** The first release's writes, in its own columns (no display names, no grants, no rollups). */
async function fillAsPreviousRelease(db: Kysely<any>) {
  const now = new Date().toISOString()
  const unit = async (name: string, type: string, parent: { id: number; path: string } | null) => {
    const { id } = await db.insertInto('units').values({ parent_id: parent?.id ?? null, path: '', name, type, sector: 'administrative', code: null, created_at: now }).returning('id').executeTakeFirstOrThrow()
    const path = `${parent?.path ?? '/'}${id}/`
    await db.updateTable('units').set({ path }).where('id', '=', id).execute()
    return { id: id as number, path }
  }
  const province = await unit('Tỉnh Cũ', 'province', null)
  const a = await unit('Xã An Cũ', 'commune', province)
  const b = await unit('Xã Bình Cũ', 'commune', province)
  const { id: service } = await db.insertInto('services').values({ name: 'Chứng thực', sector: 'administrative', code: null, created_at: now }).returning('id').executeTakeFirstOrThrow()
  const tp = async (code: string, unitId: number, serviceId: number | null) =>
    (await db.insertInto('touchpoints').values({ code, unit_id: unitId, service_id: serviceId, survey_id: 'counter-rating', label: 'Quầy 1', created_at: now }).returning('id').executeTakeFirstOrThrow()).id as number
  const tps = { a: { id: await tp('oldcodea', a.id, service), unit: a.id, service }, b: { id: await tp('oldcodeb', b.id, null), unit: b.id, service: null } }
  let k = 0
  for (const [key, byMonth] of Object.entries(RATINGS) as ['a' | 'b', Record<string, number[]>][]) {
    for (const [month, ratings] of Object.entries(byMonth)) {
      for (const [i, overall] of ratings.entries()) {
        const day = `${month}-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`
        const { id } = await db
          .insertInto('responses')
          .values({ uid: `00000000-0000-4000-8000-${String(++k).padStart(12, '0')}`, touchpoint_id: tps[key].id, unit_id: tps[key].unit, service_id: tps[key].service, survey_id: 'counter-rating', survey_version: 1, channel: 'form', lang: 'vi', day, received_at: `${day}T03:00:00.000Z`, body_hash: `old-${k}`, comment: overall === 0 ? 'Chờ lâu' : null })
          .returning('id')
          .executeTakeFirstOrThrow()
        await db.insertInto('answers').values([{ response_id: id, item: 'overall', value_num: overall, value_text: null }, ...(overall === 0 ? [{ response_id: id, item: 'improve', value_num: 1, value_text: null }] : [])]).execute()
      }
    }
  }
  await db.insertInto('users').values({ username: 'sonoivu', password_hash: await hashPassword(OLD_PASSWORD), is_admin: 1, created_at: now }).execute()
  return { province, tps }
}

let fixture: Awaited<ReturnType<typeof fillAsPreviousRelease>>

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'hailong-migrate-'))
  database = TEST_DIALECT === 'postgres' ? await freshPostgresDatabase() : null
  const config = readConfig({ HAILONG_DATA: data, HAILONG_DEMO: '0', PORT: '0', ...(database ? { DATABASE_URL: database.url } : {}) })
  const old = await openDatabase(config)
  const previous = { '2026-11-22-0001-init': init(old.dialect) }
  const { error, results } = await new Migrator({ db: old.db, provider: { getMigrations: async () => previous } }).migrateToLatest()
  expect(error).toBeUndefined()
  expect(results?.map((r) => r.migrationName)).toEqual(['2026-11-22-0001-init'])
  fixture = await fillAsPreviousRelease(old.db)
  await old.close()

  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')))
  try {
    hl = await boot(config)
  } finally {
    log.mockRestore()
  }
}, 60_000)

afterAll(async () => {
  await hl?.shutdown()
  await database?.drop()
  rmSync(data, { recursive: true, force: true })
})

const request = (path: string, init: RequestInit = {}) => hl.app.request(path, init)

describe(`upgrading a database of the previous release (${TEST_DIALECT})`, () => {
  it('applies every later migration and keeps the administrator it had', async () => {
    const applied = await hl.store.db.selectFrom('kysely_migration' as never).select('name' as never).execute()
    expect((applied as { name: string }[]).map((r) => r.name).sort().slice(0, 3)).toEqual(['2026-11-22-0001-init', '2026-11-22-0002-accounts', '2026-11-22-0003-rollups'])
    // Whatever migrations the current release has, none is left to apply.
    expect(await migrateToLatest(hl.store.db, hl.store.dialect)).toEqual([])
    expect(hl.generatedPassword).toBeNull()
    const users = await hl.store.db.selectFrom('users').select(['username', 'display_name', 'disabled_at']).execute()
    expect(users).toEqual([{ username: 'sonoivu', display_name: null, disabled_at: null }])
  })

  it('builds the rollups of responses stored before rollups existed, says so, and they match a recount', async () => {
    expect(logged.join('\n')).toMatch(/building the rollups of counter-rating: its responses were stored before rollups existed/)
    const checks = await verifyRollups(hl.store.db, hl.store.dialect, hl.surveys)
    expect(checks.flatMap((c) => c.mismatched)).toEqual([])
    const stored = await hl.store.db.selectFrom('rollups').select(['month', 'touchpoint_id', 'n']).orderBy('month').orderBy('touchpoint_id').execute()
    expect(stored).toEqual([
      { month: early, touchpoint_id: fixture.tps.a.id, n: 12 },
      { month: early, touchpoint_id: fixture.tps.b.id, n: 6 },
      { month: late, touchpoint_id: fixture.tps.a.id, n: 8 },
      { month: late, touchpoint_id: fixture.tps.b.id, n: 7 },
    ])
  })

  it('lets the old administrator log in and read results equal to what the raw answers say', async () => {
    const login = await request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sonoivu', password: OLD_PASSWORD }) })
    expect(login.status).toBe(200)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const results = async (query: string) => {
      const res = await request(`/api/v1/results?unit=${fixture.province.id}&survey=counter-rating&from=${early}-01&to=${lastDay(late)}${query}`, { headers: { cookie } })
      expect(res.status).toBe(200)
      return res.json()
    }
    const share = (ratings: number[]) => ratings.filter((r) => r >= 1).length / ratings.length
    const all = Object.values(RATINGS).flatMap((byMonth) => Object.values(byMonth).flat())
    const whole = await results('')
    expect(whole.n).toBe(all.length)
    expect(whole.index).toBeCloseTo(share(all), 6)

    const byTp = Object.fromEntries((await results('&by=touchpoint')).groups.map((g: { key: string; n: number; index: number }) => [g.key, [g.n, g.index]]))
    for (const key of ['a', 'b'] as const) {
      const ratings = Object.values(RATINGS[key]).flat()
      expect(byTp[fixture.tps[key].id]?.[0]).toBe(ratings.length)
      expect(byTp[fixture.tps[key].id]?.[1]).toBeCloseTo(share(ratings), 6)
    }
    const byMonth = Object.fromEntries((await results('&by=month')).groups.map((g: { key: string; n: number }) => [g.key, g.n]))
    expect(byMonth).toEqual({ [early]: 18, [late]: 15 })
  })

  it('takes new answers at the old survey address, added to the rebuilt rollups', async () => {
    const res = await request('/api/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: crypto.randomUUID(), touchpoint: 'OLDCODEA', answers: { overall: 2 } }) })
    expect(res.status).toBe(201)
    await hl.writer.drain()
    expect((await verifyRollups(hl.store.db, hl.store.dialect, hl.surveys)).flatMap((c) => c.mismatched)).toEqual([])
  })
})
