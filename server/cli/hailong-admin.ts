/**
 * hailong-admin: accounts without the web interface, for the first
 * administrator on a new installation and for scripts. It reads the same
 * settings as the server (HAILONG_DATA, DATABASE_URL), brings the schema up
 * to date, changes the store directly and exits; it never serves HTTP.
 * The rules are the web's own (auth/accounts.ts): the same password policy
 * and the same error messages, in English here. Every change is written to
 * the audit log as the web writes it, with the operating-system account that
 * ran the command as the actor ("cli:<account>"): there is no signed-in user.
 *
 *   npm run admin -- create-user --username lan --role manager --unit 12
 */
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { createAccount, resetPassword } from '../auth/accounts.ts'
import { readConfig } from '../config.ts'
import type { Database, Unit } from '../db/schema.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { openDatabase } from '../db/open-database.ts'
import { GRANT_ROLES, type GrantRole } from '../domain/access.ts'
import { recordAudit } from '../store/audit.ts'
import { AppError } from '../errors.ts'
import { grantViews, setGrant } from '../store/grants.ts'
import { findUnitByCode, getUnit } from '../store/units.ts'
import { findUserByName, listUsers } from '../store/users.ts'
import { translator, type MessageKey } from '../../web/i18n/messages.ts'
import type { Kysely } from 'kysely'

const USAGE = `usage: npm run admin -- <command> [options]

commands:
  create-user --username NAME [--display-name TEXT] [--admin]
              [--role manager|viewer --unit ID_OR_CODE]... [--password-stdin]
      Creates an account. Each --role pairs with the --unit at the same place.
      Without --password-stdin a password is generated and printed once.
  reset-password --username NAME [--password-stdin]
      Sets a new password (generated and printed unless read from stdin) and
      ends every session of the account.
  grant --username NAME --role manager|viewer --unit ID_OR_CODE
      Gives a role on a unit and everything under it (replaces the role held there).
  list-users
      Every account with its roles.

settings: HAILONG_DATA (data folder, default ./data) or DATABASE_URL (PostgreSQL).`

/** A mistake in the command line: the message and the usage, exit code 2. */
class UsageError extends Error {}

const t = translator('en')

const OPTIONS = {
  username: { type: 'string' },
  'display-name': { type: 'string' },
  admin: { type: 'boolean' },
  role: { type: 'string', multiple: true },
  unit: { type: 'string', multiple: true },
  'password-stdin': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Which options each command accepts; anything else is a usage error, not silently ignored. */
const ACCEPTS: Record<string, (keyof typeof OPTIONS)[]> = {
  'create-user': ['username', 'display-name', 'admin', 'role', 'unit', 'password-stdin'],
  'reset-password': ['username', 'password-stdin'],
  grant: ['username', 'role', 'unit'],
  'list-users': [],
}

type Values = ReturnType<typeof parse>['values']

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

async function readStdinPassword(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  // One trailing line break is the terminal's or echo's, not the password's.
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
  if (!password) throw new UsageError('--password-stdin: nothing was read from standard input')
  return password
}

async function unitOf(db: Kysely<Database>, ref: string): Promise<Unit> {
  const unit = (/^\d{1,12}$/.test(ref) ? await getUnit(db, Number(ref)) : undefined) ?? (await findUnitByCode(db, ref))
  if (!unit) throw new UsageError(`no unit with id or code "${ref}"`)
  return unit
}

function roleOf(raw: string): GrantRole {
  if (!(GRANT_ROLES as readonly string[]).includes(raw)) throw new UsageError(`--role must be ${GRANT_ROLES.join(' or ')}, not "${raw}"`)
  return raw as GrantRole
}

async function grantsOf(db: Kysely<Database>, v: Values): Promise<{ unit: Unit; role: GrantRole }[]> {
  const roles = v.role ?? []
  const units = v.unit ?? []
  if (roles.length !== units.length) throw new UsageError('each --role needs a --unit (and each --unit a --role)')
  return Promise.all(roles.map(async (r, i) => ({ unit: await unitOf(db, units[i]!), role: roleOf(r) })))
}

function username(v: Values): string {
  if (!v.username?.trim()) throw new UsageError('--username is required')
  return v.username
}

async function existingUser(db: Kysely<Database>, v: Values) {
  const name = username(v).trim().toLowerCase()
  const user = await findUserByName(db, name)
  if (!user) throw new AppError(404, 'user_not_found')
  return user
}

/** The audit entry of a change made here; the action names and details are the web's (http/user-actions.ts). */
function auditCli(db: Kysely<Database>, action: string, userId: number, detail: Record<string, unknown>): Promise<void> {
  return recordAudit(db, { userId: null, username: `cli:${operator()}`, action, targetType: 'user', targetId: userId, detail })
}

function operator(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER || 'unknown'
  }
}

const describeGrants = (grants: { unitName: string; unitId: number; role: string }[]) => grants.map((g) => `${g.role} of ${g.unitName} (unit ${g.unitId})`).join('; ')

async function run(db: Kysely<Database>, command: string, v: Values, out: (line: string) => void): Promise<void> {
  switch (command) {
    case 'create-user': {
      const name = username(v)
      const grants = await grantsOf(db, v)
      const password = v['password-stdin'] ? await readStdinPassword() : null
      const { user, generatedPassword } = await createAccount(db, t, { username: name, displayName: v['display-name'], password, admin: v.admin, grants })
      await auditCli(db, 'user.create', user.id, { username: user.username, admin: !!v.admin, grants: grants.map((g) => ({ unit: g.unit.id, role: g.role })), generated_password: !!generatedPassword })
      out(`created user "${user.username}"${user.is_admin ? ' (administrator)' : ''}${grants.length ? `: ${describeGrants(await grantViews(db, user.id))}` : ''}`)
      if (generatedPassword) out(`password: ${generatedPassword}\n(shown once; hand it over safely and ask them to change it at /account)`)
      return
    }
    case 'reset-password': {
      const user = await existingUser(db, v)
      const password = v['password-stdin'] ? await readStdinPassword() : null
      const generated = await resetPassword(db, t, user, password)
      await auditCli(db, 'password.reset', user.id, { username: user.username, generated: !!generated })
      out(`password of "${user.username}" reset; their sessions have ended`)
      if (generated) out(`password: ${generated}\n(shown once)`)
      return
    }
    case 'grant': {
      const user = await existingUser(db, v)
      if (v.role?.length !== 1 || v.unit?.length !== 1) throw new UsageError('grant takes exactly one --role and one --unit')
      const unit = await unitOf(db, v.unit[0]!)
      const role = roleOf(v.role[0]!)
      await db.transaction().execute(async (trx) => {
        await setGrant(trx, user.id, unit.id, role)
        await auditCli(trx, 'grant.set', user.id, { username: user.username, unit: unit.id, role })
      })
      out(`"${user.username}" is now ${role} of ${unit.name} (unit ${unit.id}) and everything under it`)
      return
    }
    case 'list-users': {
      const [users, grants] = await Promise.all([listUsers(db), grantViews(db)])
      if (!users.length) out('(no users yet)')
      const width = Math.max(8, ...users.map((u) => u.username.length))
      for (const u of users) {
        const roles = [u.is_admin ? 'administrator' : '', describeGrants(grants.filter((g) => g.userId === u.id))].filter(Boolean).join('; ') || 'no role'
        out(`${u.username.padEnd(width)}  ${u.disabled_at ? '[disabled] ' : ''}${u.display_name ? `${u.display_name} — ` : ''}${roles}`)
      }
      return
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parse(argv)
    const [command, ...extra] = parsed.positionals
    if (parsed.values.help) {
      console.log(USAGE)
      return 0
    }
    if (!command) throw new UsageError('a command is needed')
    const accepts = ACCEPTS[command]
    if (!accepts) throw new UsageError(`unknown command "${command}"`)
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`)
    const stray = Object.keys(parsed.values).filter((k) => k !== 'help' && !accepts.includes(k as keyof typeof OPTIONS))
    if (stray.length) throw new UsageError(`${command} does not take --${stray[0]}`)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`hailong-admin: ${err.message}\n\n${USAGE}`)
    return 2
  }

  const store = await openDatabase(readConfig())
  try {
    await migrateToLatest(store.db, store.dialect)
    await run(store.db, parsed.positionals[0]!, parsed.values, (line) => console.log(line))
    return 0
  } catch (err) {
    if (err instanceof UsageError) console.error(`hailong-admin: ${err.message}`)
    else if (err instanceof AppError) console.error(`hailong-admin: ${t(`error.${err.code}` as MessageKey, err.params)}`)
    else throw err
    return err instanceof UsageError ? 2 : 1
  } finally {
    await store.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`hailong-admin: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  },
)
