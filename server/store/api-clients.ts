/**
 * API clients: programs such as a province's one-stop-shop system, each bound
 * to one subtree. The token is shown once at creation; the table keeps only
 * its SHA-256, so a copy of the database cannot act as a client. Revocation
 * is read on every request (no cache): a revoked token stops at once.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { nowIso } from './clock.ts'

export const TOKEN_PREFIX = 'hlc_'
/** last_used_at is written at most this often: a busy client does not write on every call. */
const TOUCH_MS = 60_000

export interface ApiClient {
  id: number
  name: string
  unit_id: number
  unit_name: string
  unit_path: string
  created_at: string
  revoked_at: string | null
  last_used_at: string | null
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

const clientQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('api_clients as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.name', 'c.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'c.created_at', 'c.revoked_at', 'c.last_used_at'])

/** A new client and its token, which is never stored or shown again. */
export async function createApiClient(db: Kysely<Database>, c: { name: string; unitId: number; createdBy: number | null }): Promise<{ client: ApiClient; token: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  const row = await db
    .insertInto('api_clients')
    .values({ name: c.name, unit_id: c.unitId, token_hash: hashToken(token), created_by: c.createdBy, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { client: (await getApiClient(db, row.id))!, token }
}

export function getApiClient(db: Kysely<Database>, id: number): Promise<ApiClient | undefined> {
  return clientQuery(db).where('c.id', '=', id).executeTakeFirst()
}

export function listApiClients(db: Kysely<Database>): Promise<ApiClient[]> {
  return clientQuery(db).orderBy('c.revoked_at', 'desc').orderBy('c.id').execute()
}

/** Revokes a client; false when it was already revoked. */
export async function revokeApiClient(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db.updateTable('api_clients').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** The client behind a bearer token (revoked ones too: the caller says which error), noting its use. */
export async function clientOfToken(db: Kysely<Database>, token: string, now = new Date()): Promise<ApiClient | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined
  const client = await clientQuery(db).where('c.token_hash', '=', hashToken(token)).executeTakeFirst()
  if (client && !client.revoked_at && (!client.last_used_at || Date.parse(client.last_used_at) < now.getTime() - TOUCH_MS)) {
    client.last_used_at = nowIso(now)
    await db.updateTable('api_clients').set({ last_used_at: client.last_used_at }).where('id', '=', client.id).execute()
  }
  return client
}
