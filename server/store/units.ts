/**
 * The unit tree: any depth, a type field rather than fixed levels, and a
 * materialised path so a subtree is one indexed prefix match.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import type { Sector } from '../domain/survey-types.ts'
import type { CsvProblem, CsvUnit } from '../domain/unit-csv.ts'
import { nowIso } from './clock.ts'
import { forgetTouchpoints } from './touchpoints.ts'

export interface NewUnit {
  name: string
  type: string
  sector: Sector | null
  parentId: number | null
  code: string | null
}

export async function createUnit(db: Kysely<Database>, unit: NewUnit): Promise<Unit> {
  return db.transaction().execute(async (trx) => {
    const parent = unit.parentId === null ? null : await trx.selectFrom('units').select('path').where('id', '=', unit.parentId).executeTakeFirst()
    if (unit.parentId !== null && !parent) throw new Error(`parent unit ${unit.parentId} does not exist`)
    const { id } = await trx
      .insertInto('units')
      .values({ parent_id: unit.parentId, path: '', name: unit.name, type: unit.type, sector: unit.sector, code: unit.code, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow()
    const path = `${parent?.path ?? '/'}${id}/`
    await trx.updateTable('units').set({ path }).where('id', '=', id).execute()
    return trx.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  })
}

export function getUnit(db: Kysely<Database>, id: number): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findUnitByCode(db: Kysely<Database>, code: string): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst()
}

/** The unit's ancestry from itself up to the root, read off its path. */
export function ancestryOf(unit: Pick<Unit, 'path'>): number[] {
  return unit.path.split('/').filter(Boolean).map(Number).reverse()
}

/** Every unit of a subtree, the root first, ordered by path (a depth-first walk). */
export function listSubtree(db: Kysely<Database>, root: Pick<Unit, 'path'>): Promise<Unit[]> {
  return db.selectFrom('units').selectAll().where('path', 'like', `${root.path}%`).orderBy('path').execute()
}

/** The share of all units that lie in a subtree (itself included): what decides whether a read seeks the subtree's units one by one. */
export async function subtreeShare(db: Kysely<Database>, unitPath: string): Promise<number> {
  const [sub, all] = await Promise.all([
    db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).where('path', 'like', `${unitPath}%`).executeTakeFirstOrThrow(),
    db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return Number(sub.n) / Math.max(1, Number(all.n))
}

export function listRoots(db: Kysely<Database>): Promise<Unit[]> {
  return db.selectFrom('units').selectAll().where('parent_id', 'is', null).orderBy('name').execute()
}

export interface UnitPatch {
  name?: string
  type?: string
  sector?: Sector | null
  code?: string | null
  /** A new parent (null: a root); the whole subtree moves with the unit. */
  parentId?: number | null
  openingHours?: string | null
}

export type UnitChange = { ok: true; unit: Unit } | { ok: false; reason: 'not_found' | 'parent_not_found' | 'cycle' | 'code_taken' }

/**
 * Edits a unit. A move rewrites the materialised path of the unit and of
 * every unit under it in the same transaction, so no reader ever sees a
 * subtree half moved; grants and responses name units by id and follow.
 */
export async function updateUnit(db: Kysely<Database>, id: number, patch: UnitPatch, afterMove?: (trx: Transaction<Database>) => Promise<void>): Promise<UnitChange> {
  // Survey pages show the unit's name and obey its closing: cached touchpoints must be read again.
  forgetTouchpoints()
  return db.transaction().execute(async (trx): Promise<UnitChange> => {
    const unit = await trx.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst()
    if (!unit) return { ok: false, reason: 'not_found' }
    if (patch.code) {
      const holder = await trx.selectFrom('units').select('id').where('code', '=', patch.code).where('id', '<>', id).executeTakeFirst()
      if (holder) return { ok: false, reason: 'code_taken' }
    }
    const set: Partial<Pick<Unit, 'name' | 'type' | 'sector' | 'code' | 'parent_id' | 'opening_hours'>> = {}
    if (patch.name !== undefined) set.name = patch.name
    if (patch.openingHours !== undefined) set.opening_hours = patch.openingHours
    if (patch.type !== undefined) set.type = patch.type
    if (patch.sector !== undefined) set.sector = patch.sector
    if (patch.code !== undefined) set.code = patch.code
    if (patch.parentId !== undefined && patch.parentId !== unit.parent_id) {
      const parent = patch.parentId === null ? null : await trx.selectFrom('units').select('path').where('id', '=', patch.parentId).executeTakeFirst()
      if (patch.parentId !== null && !parent) return { ok: false, reason: 'parent_not_found' }
      if (parent && parent.path.startsWith(unit.path)) return { ok: false, reason: 'cycle' }
      const newPath = `${parent?.path ?? '/'}${id}/`
      await trx
        .updateTable('units')
        .set({ path: sql<string>`cast(${newPath} as text) || substr(path, ${unit.path.length + 1})` })
        .where('path', 'like', `${unit.path}%`)
        .execute()
      set.parent_id = patch.parentId
    }
    if (Object.keys(set).length) await trx.updateTable('units').set(set).where('id', '=', id).execute()
    if (set.parent_id !== undefined) await afterMove?.(trx)
    return { ok: true, unit: await trx.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow() }
  })
}

/**
 * Closes a unit and its subtree on a local day (merged, dissolved), or
 * reopens it with null. History stays; the subtree's touchpoints retire that
 * day. Reopening undoes exactly what the closing did: units closed and
 * touchpoints retired on that same day come back, earlier closings stay.
 */
export async function setUnitClosed(db: Kysely<Database>, id: number, on: string | null): Promise<Unit | undefined> {
  forgetTouchpoints()
  return db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst()
    if (!unit) return undefined
    const subtree = trx.selectFrom('units').select('id').where('path', 'like', `${unit.path}%`)
    if (on !== null) {
      await trx
        .updateTable('units')
        .set({ closed_on: on })
        .where('path', 'like', `${unit.path}%`)
        .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', on)]))
        .execute()
      await trx
        .updateTable('touchpoints')
        .set({ retired_on: on })
        .where('unit_id', 'in', subtree)
        .where((eb) => eb.or([eb('retired_on', 'is', null), eb('retired_on', '>', on)]))
        .execute()
    } else if (unit.closed_on !== null) {
      const day = unit.closed_on
      await trx.updateTable('units').set({ closed_on: null }).where('path', 'like', `${unit.path}%`).where('closed_on', '=', day).execute()
      await trx.updateTable('touchpoints').set({ retired_on: null }).where('unit_id', 'in', subtree).where('retired_on', '=', day).execute()
    }
    return trx.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  })
}

/**
 * Imports units read from CSV, all or nothing: every code is checked against
 * the database first, and only a clean list is written, in one transaction.
 */
export async function importUnits(db: Kysely<Database>, units: readonly CsvUnit[], opts: { dryRun: boolean }): Promise<{ ok: true; created: number } | { ok: false; problems: CsvProblem[] }> {
  return db.transaction().execute(async (trx) => {
    const codes = [...new Set(units.flatMap((u) => (u.parentCode ? [u.code, u.parentCode] : [u.code])))]
    const known = new Map<string, string>()
    for (let i = 0; i < codes.length; i += 500) {
      const rows = await trx.selectFrom('units').select(['code', 'path']).where('code', 'in', codes.slice(i, i + 500)).execute()
      for (const r of rows) known.set(r.code!, r.path)
    }
    const problems: CsvProblem[] = []
    for (const u of units) {
      if (known.has(u.code)) problems.push({ line: u.line, field: 'code', code: 'code_taken' })
      if (u.parentCode && !u.parentInFile && !known.has(u.parentCode)) problems.push({ line: u.line, field: 'parent_code', code: 'parent_not_found' })
    }
    if (problems.length) return { ok: false, problems }
    if (opts.dryRun) return { ok: true, created: units.length }
    const paths = new Map(known)
    const created_at = nowIso()
    for (const u of units) {
      const parentPath = u.parentCode ? paths.get(u.parentCode)! : '/'
      const parentId = u.parentCode ? Number(parentPath.split('/').at(-2)) : null
      const { id } = await trx
        .insertInto('units')
        .values({ parent_id: parentId, path: '', name: u.name, type: u.type, sector: u.sector, code: u.code, created_at })
        .returning('id')
        .executeTakeFirstOrThrow()
      const path = `${parentPath}${id}/`
      await trx.updateTable('units').set({ path }).where('id', '=', id).execute()
      paths.set(u.code, path)
    }
    return { ok: true, created: units.length }
  })
}
