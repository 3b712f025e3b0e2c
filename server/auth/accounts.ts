/**
 * Account changes that the JSON API, the /admin/users pages and the
 * command-line tool share, so each rule (the password policy, a free
 * username, no administrator locking themself out) is written once. Errors
 * are AppErrors whose messages the caller's translator fills in.
 */
import type { Kysely } from 'kysely'
import type { Database, Unit, User } from '../db/schema.ts'
import type { GrantRole } from '../domain/access.ts'
import { MIN_PASSWORD_LENGTH, passwordWeakness } from '../domain/password-policy.ts'
import { AppError } from '../errors.ts'
import { grantViews, setGrant, type GrantView } from '../store/grants.ts'
import { createUser, findUserByName, setPassword, updateUser } from '../store/users.ts'
import type { MessageKey, Translate } from '../../web/i18n/messages.ts'
import { generatePassword, hashPassword } from './passwords.ts'

/** Lower-case letters, digits and . _ @ -, as typed at the login form. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{1,63}$/

export interface UserJson {
  id: number
  username: string
  display_name: string | null
  admin: boolean
  disabled: boolean
  created_at: string
  password_changed_at: string | null
  grants: { unit: number; unit_name: string; unit_code: string | null; role: GrantRole }[]
}

export function userJson(u: User, grants: GrantView[]): UserJson {
  return {
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    admin: !!u.is_admin,
    disabled: !!u.disabled_at,
    created_at: u.created_at,
    password_changed_at: u.password_changed_at,
    grants: grants.filter((g) => g.userId === u.id).map((g) => ({ unit: g.unitId, unit_name: g.unitName, unit_code: g.unitCode, role: g.role })),
  }
}

export async function loadUserJson(db: Kysely<Database>, u: User): Promise<UserJson> {
  return userJson(u, await grantViews(db, u.id))
}

/** 422 weak_password, its message naming the rule broken and `reason` the rule's code. */
export function assertStrongPassword(t: Translate, password: string, username: string): void {
  const weakness = passwordWeakness(password, username)
  if (weakness) throw new AppError(422, 'weak_password', { detail: t(`account.weak.${weakness}` as MessageKey, { min: MIN_PASSWORD_LENGTH }) }, { reason: weakness })
}

export interface NewAccount {
  username: string
  displayName?: string | null
  /** Absent: one is generated and handed back once. */
  password?: string | null
  admin?: boolean
  grants?: { unit: Unit; role: GrantRole }[]
}

export async function createAccount(db: Kysely<Database>, t: Translate, a: NewAccount): Promise<{ user: User; generatedPassword: string | null }> {
  const username = a.username.trim().toLowerCase()
  if (!USERNAME_PATTERN.test(username)) throw new AppError(422, 'invalid_username')
  if (await findUserByName(db, username)) throw new AppError(409, 'username_taken', { username })
  const generatedPassword = a.password ? null : generatePassword()
  const password = a.password || generatedPassword!
  if (a.password) assertStrongPassword(t, password, username)
  const passwordHash = await hashPassword(password)
  try {
    const user = await db.transaction().execute(async (trx) => {
      const user = await createUser(trx, { username, passwordHash, isAdmin: !!a.admin, displayName: a.displayName?.trim() || null })
      for (const g of a.grants ?? []) await setGrant(trx, user.id, g.unit.id, g.role)
      return user
    })
    return { user, generatedPassword }
  } catch (err) {
    // Two administrators creating the same name at once: the unique index decides.
    if (await findUserByName(db, username)) throw new AppError(409, 'username_taken', { username })
    throw err
  }
}

/** Sets the given password (policy checked) or a generated one, which is returned; every session of the user ends. */
export async function resetPassword(db: Kysely<Database>, t: Translate, user: User, password?: string | null): Promise<string | null> {
  if (password) assertStrongPassword(t, password, user.username)
  const generated = password ? null : generatePassword()
  await setPassword(db, user.id, await hashPassword(password || generated!))
  return generated
}

export interface AccountChange {
  displayName?: string | null
  admin?: boolean
  disabled?: boolean
}

/** An administrator may change anyone but cannot disable themself or drop their own admin flag (409 self_lockout). */
export async function changeAccount(db: Kysely<Database>, actor: Pick<User, 'id'>, user: User, change: AccountChange): Promise<void> {
  if (actor.id === user.id && (change.disabled === true || change.admin === false)) throw new AppError(409, 'self_lockout')
  await updateUser(db, user.id, { ...change, displayName: change.displayName === undefined ? undefined : change.displayName?.trim() || null })
}
