/**
 * Accounts and roles: a user holds a role (manager or viewer) on any number
 * of subtrees; administrators keep users.is_admin. Units can close and
 * touchpoints retire on a date without losing their history.
 */
import type { Kysely } from 'kysely'
import { withId, type DialectName } from '../dialect.ts'

export function accounts(dialect: DialectName) {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('grants'), dialect)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('grants_user_unit', ['user_id', 'unit_id'])
        .execute()
      // SQLite adds one column per ALTER statement.
      await db.schema.alterTable('users').addColumn('display_name', 'text').execute()
      await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute()
      await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute()
      await db.schema.alterTable('units').addColumn('closed_on', 'text').execute()
      await db.schema.alterTable('touchpoints').addColumn('retired_on', 'text').execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('touchpoints').dropColumn('retired_on').execute()
      await db.schema.alterTable('units').dropColumn('closed_on').execute()
      for (const c of ['password_changed_at', 'disabled_at', 'display_name']) await db.schema.alterTable('users').dropColumn(c).execute()
      await db.schema.dropTable('grants').execute()
    },
  }
}
