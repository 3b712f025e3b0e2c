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
