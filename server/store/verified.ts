/**
 * How many of a scope's responses came through a one-time ticket (verified),
 * beside all of them: the side-by-side figure every results view shows.
 * Read from the responses (the rollups do not split by it); the share's
 * denominator is the figure's own n, already known to the caller.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'

/** Verified responses of a scope; the partial index responses_verified keeps this to their own entries. */
export async function countVerified(db: Kysely<Database>, surveyId: string, scope: { unitPath: string; from: string; to: string }, includeFlagged = false): Promise<number> {
  const row = await db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(sql<boolean>`r.verified = 1`)
    .where('r.survey_id', '=', surveyId)
    .where('r.day', '>=', scope.from)
    .where('r.day', '<=', scope.to)
    .$if(!includeFlagged, (qb) => qb.where('r.status', '=', 'ok'))
    .where('u.path', 'like', `${scope.unitPath}%`)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Verified responses per instrument and responding unit (not yet pooled up the
 * tree) in a subtree and period: one grouped query, for the province table's
 * verified_n column. The literal condition and the instruments named (the
 * index's first column) let the partial index serve it.
 */
export async function verifiedByUnit(db: Kysely<Database>, surveyIds: string[], scope: { unitPath: string; from: string; to: string }): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>()
  if (!surveyIds.length) return out
  const rows = await db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.survey_id', 'r.unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`r.verified = 1`)
    .where('r.survey_id', 'in', surveyIds)
    .where('r.day', '>=', scope.from)
    .where('r.day', '<=', scope.to)
    .where('r.status', '=', 'ok')
    .where('u.path', 'like', `${scope.unitPath}%`)
    .groupBy(['r.survey_id', 'r.unit_id'])
    .execute()
  for (const r of rows) {
    let m = out.get(r.survey_id)
    if (!m) out.set(r.survey_id, (m = new Map()))
    m.set(r.unit_id, Number(r.n))
  }
  return out
}
