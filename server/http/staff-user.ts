import type { Context } from 'hono'
import type { StaffUser } from '../../web/pages/staff-layout.tsx'
import type { AppEnv } from './context.ts'

/** The signed-in user as the staff menu needs it. */
export function staffUser(c: Context<AppEnv>): StaffUser | null {
  const user = c.get('user')
  if (!user) return null
  const access = c.get('access')
  return { name: user.display_name || user.username, admin: access.admin, manager: access.admin || access.grants.some((g) => g.role === 'manager') }
}
