/**
 * Exports, period close and publication: every export is logged with its
 * filters (so it can be repeated); a unit's period goes draft → submitted →
 * approved (or returned), and at approval its figures are kept as a snapshot
 * that late responses no longer change; administrators publish approved periods.
 */
import type { Kysely } from 'kysely'
import { withId, type DialectName } from '../dialect.ts'

export function exportsAndPeriods(dialect: DialectName) {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('export_log'), dialect)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('filters', 'text', (c) => c.notNull())
        .addColumn('period_frozen', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sha256', 'text')
        .addColumn('made_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('export_log_user').on('export_log').columns(['user_id', 'id']).execute()

      await withId(db.schema.createTable('period_reviews'), dialect)
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('period_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('remark', 'text')
        .addColumn('submitted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('submitted_at', 'text')
        .addColumn('returned_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('returned_at', 'text')
        .addColumn('approved_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('approved_at', 'text')
        .addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('published_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('period_reviews_unit_period', ['unit_id', 'period_key'])
        .execute()

      await db.schema
        .createTable('period_snapshots')
        .addColumn('review_id', 'integer', (c) => c.primaryKey().references('period_reviews.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('figures', 'text', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('period_snapshots').execute()
      await db.schema.dropTable('period_reviews').execute()
      await db.schema.dropTable('export_log').execute()
    },
  }
}
