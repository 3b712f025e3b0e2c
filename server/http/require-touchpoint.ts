import type { Kysely } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import { addDays, localDay } from '../domain/local-day.ts'
import { normaliseTouchpointCode } from '../domain/touchpoint-code.ts'
import { AppError } from '../errors.ts'
import { findTouchpointCached, type TouchpointView } from '../store/touchpoints.ts'

/** Days after retirement during which answers still arrive: phones queue them offline and send them later. */
export const RETIRED_GRACE_DAYS = 30

/**
 * The touchpoint a code (typed by hand, any case) names, or 404 `touchpoint_not_found`.
 * With a purpose, a retired touchpoint is 410 `touchpoint_retired`: its page at
 * once, its answers once the grace has passed.
 */
export async function requireTouchpoint(db: Kysely<Database>, dialect: DialectName, raw: string, purpose?: 'page' | 'answer'): Promise<TouchpointView> {
  const code = normaliseTouchpointCode(raw)
  const tp = code ? await findTouchpointCached(db, dialect, code) : undefined
  if (!tp) throw new AppError(404, 'touchpoint_not_found')
  if (purpose && tp.retired_on) {
    const today = localDay(new Date())
    const last = purpose === 'page' ? addDays(tp.retired_on, -1) : addDays(tp.retired_on, RETIRED_GRACE_DAYS)
    if (today > last) throw new AppError(410, 'touchpoint_retired')
  }
  return tp
}
