/**
 * Nothing stuffed: a response remembers a short keyed hash of its client
 * (the key lives one day) and of its answer set, the rules that flagged it
 * and who reviewed it. Touchpoints may carry their own rate limit (a tablet
 * at a counter sends many), units their opening hours, and a small settings
 * table holds what administrators set (the retention period).
 */
import { sql, type Kysely } from 'kysely'

export function abuse() {
  return {
    async up(db: Kysely<any>) {
      // SQLite adds one column per ALTER statement.
      for (const col of ['client_key', 'answers_hash', 'flags', 'reviewed_at']) await db.schema.alterTable('responses').addColumn(col, 'text').execute()
      await db.schema.alterTable('responses').addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null')).execute()
      // The flag rules read one touchpoint's last minutes.
      await db.schema.createIndex('responses_touchpoint_received').on('responses').columns(['touchpoint_id', 'received_at']).execute()
      // Flagged responses are few: counting and listing them never scans the counted ones.
      await db.schema.createIndex('responses_not_ok_day').on('responses').columns(['day', 'unit_id']).where(sql.ref('status'), '<>', 'ok').execute()
      await db.schema.createIndex('responses_day').on('responses').column('day').execute()
      await db.schema.alterTable('touchpoints').addColumn('rate_limit_per_minute', 'integer').execute()
      await db.schema.alterTable('units').addColumn('opening_hours', 'text').execute()
      await db.schema.createTable('settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('settings').execute()
      await db.schema.alterTable('units').dropColumn('opening_hours').execute()
      await db.schema.alterTable('touchpoints').dropColumn('rate_limit_per_minute').execute()
      for (const index of ['responses_day', 'responses_not_ok_day', 'responses_touchpoint_received']) await db.schema.dropIndex(index).execute()
      for (const col of ['reviewed_by', 'reviewed_at', 'flags', 'answers_hash', 'client_key']) await db.schema.alterTable('responses').dropColumn(col).execute()
    },
  }
}
