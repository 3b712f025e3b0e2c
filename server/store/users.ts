/**
 * Staff accounts. Passwords arrive here already hashed; a disabled account
 * keeps its history (who exported what) but can no longer sign in.
 */
import type { Kysely } from 'kysely'
import type { Database, User } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export function findUserByName(db: Kysely<Database>, username: string): Promise<User | undefined> {
  // PostgreSQL text cannot hold NUL, so no such user exists, and asking would be an error, not a "no".
  if (username.includes('\u0000')) return Promise.resolve(undefined)
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
}

export async function hasAdministrator(db: Kysely<Database>): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('is_admin', '=', 1).limit(1).executeTakeFirst())
}

export function getUser(db: Kysely<Database>, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listUsers(db: Kysely<Database>): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('username').execute()
}

export interface NewUser {
  username: string
  passwordHash: string
  isAdmin: boolean
  displayName?: string | null
}

export function createUser(db: Kysely<Database>, u: NewUser): Promise<User> {
  return db
    .insertInto('users')
    .values({ username: u.username, password_hash: u.passwordHash, is_admin: u.isAdmin ? 1 : 0, display_name: u.displayName ?? null, created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Replaces the password and ends every session of the user, so an old cookie stops working at once. */
export async function setPassword(db: Kysely<Database>, userId: number, passwordHash: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: nowIso() }).where('id', '=', userId).execute()
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
  })
}

export async function updateUser(db: Kysely<Database>, userId: number, change: { displayName?: string | null; isAdmin?: boolean; disabled?: boolean }): Promise<void> {
  const set: Partial<{ display_name: string | null; is_admin: number; disabled_at: string | null }> = {}
  if (change.displayName !== undefined) set.display_name = change.displayName
  if (change.isAdmin !== undefined) set.is_admin = change.isAdmin ? 1 : 0
  if (change.disabled !== undefined) set.disabled_at = change.disabled ? nowIso() : null
  if (!Object.keys(set).length) return
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set(set).where('id', '=', userId).execute()
    if (change.disabled) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
  })
}
