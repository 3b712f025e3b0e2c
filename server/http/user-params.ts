/**
 * Path parameters naming a user or a unit in the account routes.
 */
import type { Unit, User } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { getUnit } from '../store/units.ts'
import { getUser } from '../store/users.ts'
import type { AppDeps } from './context.ts'

const numeric = (raw: string) => (/^\d{1,12}$/.test(raw) ? Number(raw) : null)

/** The user named by a path parameter, or 404 user_not_found. */
export async function userParam(deps: AppDeps, raw: string): Promise<User> {
  const n = numeric(raw)
  const user = n === null ? undefined : await getUser(deps.db, n)
  if (!user) throw new AppError(404, 'user_not_found')
  return user
}

/** A unit by id, or 404 unit_not_found. Only administrators use these routes and they reach every unit. */
export async function unitParam(deps: AppDeps, raw: string | number): Promise<Unit> {
  const n = typeof raw === 'number' ? raw : numeric(raw)
  const unit = n === null ? undefined : await getUnit(deps.db, n)
  if (!unit) throw new AppError(404, 'unit_not_found')
  return unit
}
