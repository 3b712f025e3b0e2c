import type { Kysely } from 'kysely'
import type { Database, User } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export function findUserByName(db: Kysely<Database>, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
}

export function createUser(db: Kysely<Database>, u: { username: string; passwordHash: string; isAdmin: boolean }): Promise<User> {
  return db
    .insertInto('users')
    .values({ username: u.username, password_hash: u.passwordHash, is_admin: u.isAdmin ? 1 : 0, created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow()
}
