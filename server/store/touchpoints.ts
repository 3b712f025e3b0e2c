/**
 * Touchpoints: where a survey is offered (a counter, a ward, a school gate).
 */
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { Database, Touchpoint } from '../db/schema.ts'
import { makeTouchpointCode } from '../domain/touchpoint-code.ts'
import { nowIso } from './clock.ts'
import { runShaped } from './shaped-query.ts'

/** A touchpoint with what its pages show: the unit's and the service's names. */
export interface TouchpointView extends Touchpoint {
  unit_name: string
  unit_path: string
  unit_sector: string | null
  service_name: string | null
  /** The unit's opening hours, for the off-hours rule. */
  unit_opening_hours: string | null
}

export async function createTouchpoint(
  db: Kysely<Database>,
  tp: { unitId: number; serviceId: number | null; surveyId: string; label: string },
): Promise<Touchpoint> {
  // A collision among 5·10^11 codes is unlikely but costs nothing to survive.
  for (let attempt = 0; ; attempt++) {
    const code = makeTouchpointCode((n) => randomBytes(n))
    const inserted = await db
      .insertInto('touchpoints')
      .values({ code, unit_id: tp.unitId, service_id: tp.serviceId, survey_id: tp.surveyId, label: tp.label, created_at: nowIso() })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst()
    if (inserted) return inserted
    if (attempt > 5) throw new Error('could not draw a free touchpoint code')
  }
}

const viewQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('touchpoints as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .leftJoin('services as s', 's.id', 't.service_id')
    .selectAll('t')
    .select(['u.name as unit_name', 'u.path as unit_path', 'u.sector as unit_sector', 's.name as service_name', 'u.opening_hours as unit_opening_hours'])

/** Compiled once (shaped-query.ts): the lookup runs on every submission the cache below misses, and Kysely's build took four fifths of it. */
export async function findTouchpoint(db: Kysely<Database>, dialect: DialectName, code: string): Promise<TouchpointView | undefined> {
  const [tp] = await runShaped(db, dialect, 'touchpoint by code', [code], ([c]) => viewQuery(db).where('t.code', '=', c!))
  return tp
}

/**
 * Every submission looks its touchpoint up, so found touchpoints are kept for
 * a moment. A change made through this process clears them at once
 * (forgetTouchpoints); another process sharing PostgreSQL sees it within
 * CACHE_MS. Unknown codes are never kept: a touchpoint just created is found.
 */
const CACHE_MS = 2000
const cached = new WeakMap<Kysely<Database>, Map<string, { at: number; generation: number; tp: TouchpointView }>>()
let generation = 0

export async function findTouchpointCached(db: Kysely<Database>, dialect: DialectName, code: string, now = Date.now()): Promise<TouchpointView | undefined> {
  let byCode = cached.get(db)
  if (!byCode) cached.set(db, (byCode = new Map()))
  const hit = byCode.get(code)
  if (hit && hit.generation === generation && now - hit.at < CACHE_MS) return hit.tp
  const tp = await findTouchpoint(db, dialect, code)
  if (tp) byCode.set(code, { at: now, generation, tp })
  else byCode.delete(code)
  if (byCode.size > 10_000) byCode.clear()
  return tp
}

/** Called by every change to touchpoints or the units they show. */
export function forgetTouchpoints(): void {
  generation++
}

/** The touchpoints of a subtree, for listings and batch posters. */
export function listTouchpoints(db: Kysely<Database>, unitPath: string): Promise<TouchpointView[]> {
  return viewQuery(db).where('u.path', 'like', `${unitPath}%`).orderBy('u.path').orderBy('t.label').execute()
}

export function getTouchpoint(db: Kysely<Database>, id: number): Promise<TouchpointView | undefined> {
  return viewQuery(db).where('t.id', '=', id).executeTakeFirst()
}

export async function updateTouchpoint(
  db: Kysely<Database>,
  id: number,
  patch: { label?: string; serviceId?: number | null; retiredOn?: string | null; kiosk?: boolean; rateLimitPerMinute?: number | null },
): Promise<TouchpointView | undefined> {
  const set: Partial<Pick<Touchpoint, 'label' | 'service_id' | 'retired_on' | 'kiosk' | 'rate_limit_per_minute'>> = {}
  if (patch.label !== undefined) set.label = patch.label
  if (patch.serviceId !== undefined) set.service_id = patch.serviceId
  if (patch.retiredOn !== undefined) set.retired_on = patch.retiredOn
  if (patch.kiosk !== undefined) set.kiosk = patch.kiosk ? 1 : 0
  if (patch.rateLimitPerMinute !== undefined) set.rate_limit_per_minute = patch.rateLimitPerMinute
  if (Object.keys(set).length) await db.updateTable('touchpoints').set(set).where('id', '=', id).execute()
  forgetTouchpoints()
  return getTouchpoint(db, id)
}
