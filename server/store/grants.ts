/**
 * Roles held on subtrees. Reading a user's grants joins the units so the
 * access checks get paths, never a second query per check.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Grant, GrantRole } from '../domain/access.ts'
import { nowIso } from './clock.ts'

/** A grant as people read it: the unit by name. */
export interface GrantView {
  userId: number
  unitId: number
  unitName: string
  unitCode: string | null
  role: GrantRole
}

/** Grants with their units' names, of one user or of everyone, ordered by user then unit path. */
export async function grantViews(db: Kysely<Database>, userId?: number): Promise<GrantView[]> {
  let q = db
    .selectFrom('grants as g')
    .innerJoin('units as u', 'u.id', 'g.unit_id')
    .select(['g.user_id', 'g.unit_id', 'g.role', 'u.name', 'u.code'])
    .orderBy('g.user_id')
    .orderBy('u.path')
  if (userId !== undefined) q = q.where('g.user_id', '=', userId)
  const rows = await q.execute()
  return rows.map((r) => ({ userId: r.user_id, unitId: r.unit_id, unitName: r.name, unitCode: r.code, role: r.role }))
}

export async function grantsOf(db: Kysely<Database>, userId: number): Promise<Grant[]> {
  const rows = await db
    .selectFrom('grants as g')
    .innerJoin('units as u', 'u.id', 'g.unit_id')
    .select(['g.unit_id', 'g.role', 'u.path'])
    .where('g.user_id', '=', userId)
    .orderBy('u.path')
    .execute()
  return rows.map((r) => ({ unitId: r.unit_id, path: r.path, role: r.role }))
}

/** Gives a user a role on a subtree, replacing the role it held on that same unit. */
export async function setGrant(db: Kysely<Database>, userId: number, unitId: number, role: GrantRole): Promise<void> {
  await db
    .insertInto('grants')
    .values({ user_id: userId, unit_id: unitId, role, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'unit_id']).doUpdateSet({ role }))
    .execute()
}

export async function removeGrant(db: Kysely<Database>, userId: number, unitId: number): Promise<boolean> {
  const res = await db.deleteFrom('grants').where('user_id', '=', userId).where('unit_id', '=', unitId).executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}
