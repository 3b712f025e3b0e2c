/**
 * Pre-aggregated tallies, holding the additive sums of every response
 * counted (the Tally of server/domain/tally.ts, cross moments included, so
 * pooled intervals stay exact), maintained in the transaction that stores
 * each response: one row per instrument, month and touchpoint (for
 * breakdowns), and one per instrument, month and unit for the unit's whole
 * subtree (so a province's year is twelve rows, however many responses).
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
      await db.schema
        .createTable('subtree_rollups')
        .addColumn('survey_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('layout', 'text', (c) => c.notNull())
        .addColumn('sums', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('subtree_rollups_pk', ['survey_id', 'unit_id', 'month'])
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('subtree_rollups').execute()
      await db.schema.dropTable('rollups').execute()
    },
  }
}
