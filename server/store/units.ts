/**
 * The unit tree: any depth, a type field rather than fixed levels, and a
 * materialised path so a subtree is one indexed prefix match.
 */
import type { Kysely } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import type { Sector } from '../domain/survey-types.ts'
import { nowIso } from './clock.ts'

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

export function listRoots(db: Kysely<Database>): Promise<Unit[]> {
  return db.selectFrom('units').selectAll().where('parent_id', 'is', null).orderBy('name').execute()
}
