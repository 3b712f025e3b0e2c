/**
 * Partial indexes for the counts every results answer shows beside its
 * figure: responses left out (flagged) and responses made through a ticket
 * (verified). Both are a small share of the whole, so counting them reads
 * only their own entries instead of every response of the period. Queries
 * must repeat the exact literal condition for the planner to use them.
 */
import { sql, type Kysely } from 'kysely'

export function sideCounts() {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('responses_not_ok').on('responses').columns(['survey_id', 'day', 'unit_id']).where(sql.ref('status'), '<>', sql.lit('ok')).execute()
      await db.schema.createIndex('responses_verified').on('responses').columns(['survey_id', 'day', 'unit_id']).where(sql.ref('verified'), '=', sql.lit(1)).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('responses_verified').execute()
      await db.schema.dropIndex('responses_not_ok').execute()
    },
  }
}
