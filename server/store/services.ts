import type { Kysely } from 'kysely'
import type { Database, Service } from '../db/schema.ts'
import type { Sector } from '../domain/survey-types.ts'
import { nowIso } from './clock.ts'

export async function createService(db: Kysely<Database>, s: { name: string; sector: Sector; code: string | null }): Promise<Service> {
  return db
    .insertInto('services')
    .values({ name: s.name, sector: s.sector, code: s.code, created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function getService(db: Kysely<Database>, id: number): Promise<Service | undefined> {
  return db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listServices(db: Kysely<Database>): Promise<Service[]> {
  return db.selectFrom('services').selectAll().orderBy('sector').orderBy('name').execute()
}

export async function updateService(db: Kysely<Database>, id: number, patch: { name?: string; sector?: Sector; code?: string | null }): Promise<Service | undefined> {
  if (Object.values(patch).some((v) => v !== undefined)) await db.updateTable('services').set(patch).where('id', '=', id).execute()
  return getService(db, id)
}
