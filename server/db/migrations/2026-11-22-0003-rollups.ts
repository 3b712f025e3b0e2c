/**
 * Pre-aggregated tallies: one row per instrument, month and touchpoint,
 * holding the additive sums of every response counted there (the Tally of
 * server/domain/tally.ts, cross moments included, so pooled intervals stay
 * exact). Maintained in the transaction that stores each response.
 */
import type { Kysely } from 'kysely'

export function rollups() {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('rollups')
        .addColumn('survey_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('touchpoint_id', 'integer', (c) => c.notNull().references('touchpoints.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('service_id', 'integer', (c) => c.references('services.id'))
        .addColumn('n', 'integer', (c) => c.notNull())
        /** The rated item codes the sums are laid out by; a survey that changes them makes the row stale. */
        .addColumn('layout', 'text', (c) => c.notNull())
        .addColumn('sums', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rollups_pk', ['survey_id', 'month', 'touchpoint_id'])
        .execute()
      await db.schema.createIndex('rollups_survey_month_unit').on('rollups').columns(['survey_id', 'month', 'unit_id']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('rollups').execute()
    },
  }
}
