/**
 * The foundation schema. Migrations use Kysely<any> and never import app code
 * (Kysely's advice): a later change to the app must not rewrite history.
 */
import type { Kysely } from 'kysely'
import { realType, withId, type DialectName } from '../dialect.ts'

export function init(dialect: DialectName) {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('units'), dialect)
        .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('sector', 'text')
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('units_path').on('units').column('path').execute()
      await db.schema.createIndex('units_parent').on('units').column('parent_id').execute()

      await withId(db.schema.createTable('services'), dialect)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()

      await withId(db.schema.createTable('touchpoints'), dialect)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('service_id', 'integer', (c) => c.references('services.id'))
        .addColumn('survey_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('touchpoints_unit').on('touchpoints').column('unit_id').execute()

      await withId(db.schema.createTable('responses'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('touchpoint_id', 'integer', (c) => c.notNull().references('touchpoints.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('service_id', 'integer', (c) => c.references('services.id'))
        .addColumn('survey_id', 'text', (c) => c.notNull())
        .addColumn('survey_version', 'integer', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('body_hash', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('ok'))
        .execute()
      // The results filter: one instrument, one subtree (via unit), a range of days.
      await db.schema.createIndex('responses_survey_day').on('responses').columns(['survey_id', 'day', 'unit_id']).execute()
      await db.schema.createIndex('responses_unit_day').on('responses').columns(['unit_id', 'day']).execute()

      await db.schema
        .createTable('answers')
        .addColumn('response_id', 'integer', (c) => c.notNull().references('responses.id').onDelete('cascade'))
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('value_num', realType(dialect))
        .addColumn('value_text', 'text')
        .addPrimaryKeyConstraint('answers_pk', ['response_id', 'item'])
        .execute()

      await withId(db.schema.createTable('users'), dialect)
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute()

      await withId(db.schema.createTable('targets'), dialect)
        .addColumn('sector', 'text')
        .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
        .addColumn('threshold', realType(dialect), (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<any>) {
      for (const t of ['targets', 'sessions', 'users', 'answers', 'responses', 'touchpoints', 'services', 'units']) {
        await db.schema.dropTable(t).execute()
      }
    },
  }
}
