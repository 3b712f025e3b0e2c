/**
 * Trust: sessions remember when they were last used (idle expiry), failed
 * logins are counted per username and per client in the database (so several
 * server processes agree), every administrative change and login lands in an
 * audit log, and the key that turns a client address into a pseudonym lives
 * one day only.
 */
import type { Kysely } from 'kysely'
import { withId, type DialectName } from '../dialect.ts'

export function trust(dialect: DialectName) {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute()
      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .execute()
      await withId(db.schema.createTable('audit_log'), dialect)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('username', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('detail', 'text')
        .addColumn('client_key', 'text')
        .execute()
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute()
      await db.schema.createIndex('audit_log_user').on('audit_log').columns(['user_id', 'id']).execute()
      await db.schema.createTable('client_keys').addColumn('day', 'text', (c) => c.primaryKey()).addColumn('key', 'text', (c) => c.notNull()).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('client_keys').execute()
      await db.schema.dropTable('audit_log').execute()
      await db.schema.dropTable('login_attempts').execute()
      await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute()
    },
  }
}
