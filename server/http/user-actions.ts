/**
 * Changes to users and their roles as the JSON API and the /admin/users pages
 * both make them: the account rules of auth/accounts.ts, then an audit entry
 * naming the administrator who made the change. Passwords never reach the log.
 */
import type { Context } from 'hono'
import { changeAccount, createAccount, resetPassword, type AccountChange, type NewAccount } from '../auth/accounts.ts'
import type { Unit, User } from '../db/schema.ts'
import type { GrantRole } from '../domain/access.ts'
import { AppError } from '../errors.ts'
import { removeGrant, setGrant } from '../store/grants.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { audit, audited } from './audit.ts'

type C = Context<AppEnv>

export async function createUserAction(c: C, deps: AppDeps, a: NewAccount): Promise<Awaited<ReturnType<typeof createAccount>>> {
  const out = await createAccount(deps.db, c.get('t'), a)
  const grants = (a.grants ?? []).map((g) => ({ unit: g.unit.id, role: g.role }))
  await audit(deps.db, c, 'user.create', { type: 'user', id: out.user.id }, { username: out.user.username, admin: !!a.admin, grants, generated_password: !!out.generatedPassword })
  return out
}

export async function changeUserAction(c: C, deps: AppDeps, user: User, change: AccountChange): Promise<void> {
  await changeAccount(deps.db, c.get('user')!, user, change)
  await audit(deps.db, c, 'user.update', { type: 'user', id: user.id }, { username: user.username, display_name: change.displayName, admin: change.admin, disabled: change.disabled })
}

export async function resetPasswordAction(c: C, deps: AppDeps, user: User, password?: string | null): Promise<string | null> {
  const generated = await resetPassword(deps.db, c.get('t'), user, password)
  await audit(deps.db, c, 'password.reset', { type: 'user', id: user.id }, { username: user.username, generated: !!generated })
  return generated
}

export async function grantAction(c: C, deps: AppDeps, user: User, unit: Unit, role: GrantRole): Promise<void> {
  await audited(
    deps.db,
    c,
    (trx) => setGrant(trx, user.id, unit.id, role),
    () => ({ action: 'grant.set', target: { type: 'user', id: user.id }, detail: { username: user.username, unit: unit.id, role } }),
  )
}

export async function revokeAction(c: C, deps: AppDeps, user: User, unit: Unit): Promise<void> {
  await audited(
    deps.db,
    c,
    async (trx) => {
      if (!(await removeGrant(trx, user.id, unit.id))) throw new AppError(404, 'grant_not_found')
    },
    () => ({ action: 'grant.remove', target: { type: 'user', id: user.id }, detail: { username: user.username, unit: unit.id } }),
  )
}
