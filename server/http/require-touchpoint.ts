import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { normaliseTouchpointCode } from '../domain/touchpoint-code.ts'
import { AppError } from '../errors.ts'
import { findTouchpoint, type TouchpointView } from '../store/touchpoints.ts'

/** The touchpoint a code (typed by hand, any case) names, or 404 `touchpoint_not_found`. */
export async function requireTouchpoint(db: Kysely<Database>, raw: string): Promise<TouchpointView> {
  const code = normaliseTouchpointCode(raw)
  const tp = code ? await findTouchpoint(db, code) : undefined
  if (!tp) throw new AppError(404, 'touchpoint_not_found')
  return tp
}
