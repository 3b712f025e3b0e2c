/**
 * Staff accounts for tests: a user with a role on a subtree, signed in
 * through the real login route.
 */
import { hashPassword } from '../../server/auth/passwords.ts'
import type { GrantRole } from '../../server/domain/access.ts'
import { setGrant } from '../../server/store/grants.ts'
import { createUser } from '../../server/store/users.ts'
import type { TestServer } from './start-server.ts'

export const STAFF_PASSWORD = 'staff-password-for-tests'

/** Creates `username` with the given roles and returns its session Cookie header. */
export async function staffCookie(server: TestServer, username: string, grants: { unit: number; role: GrantRole }[]): Promise<string> {
  const db = server.hl.store.db
  const user = await createUser(db, { username, passwordHash: await hashPassword(STAFF_PASSWORD), isAdmin: false })
  for (const g of grants) await setGrant(db, user.id, g.unit, g.role)
  return loginAs(server, username, STAFF_PASSWORD)
}

export async function loginAs(server: TestServer, username: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status}`)
  return res.headers.get('set-cookie')!.split(';')[0]!
}
