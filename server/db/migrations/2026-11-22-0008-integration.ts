/**
 * The one-stop-shop integration: API clients with hashed bearer tokens,
 * one-time survey tickets printed on a dossier's receipt (the dossier's
 * reference kept only as a keyed hash), responses marked verified when they
 * came through a ticket, daily counts of dossiers returned, and webhooks with
 * their delivery log.
 */
import type { Kysely } from 'kysely'
import { withId, type DialectName } from '../dialect.ts'

export function integration(dialect: DialectName) {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('responses').addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0)).execute()

      await withId(db.schema.createTable('api_clients'), dialect)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute()

      await withId(db.schema.createTable('tickets'), dialect)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('touchpoint_id', 'integer', (c) => c.notNull().references('touchpoints.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('service_id', 'integer', (c) => c.references('services.id'))
        .addColumn('ref_hash', 'text', (c) => c.notNull())
        .addColumn('returned_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('response_id', 'integer', (c) => c.references('responses.id'))
        .addColumn('client_id', 'integer', (c) => c.references('api_clients.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('tickets_ref').on('tickets').columns(['ref_hash']).execute()

      await db.schema
        .createTable('transactions')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        // 0: every service of the unit that day.
        .addColumn('service_id', 'integer', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('client_id', 'integer', (c) => c.references('api_clients.id'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('transactions_pk', ['day', 'unit_id', 'service_id'])
        .execute()
      await db.schema.createIndex('transactions_unit_day').on('transactions').columns(['unit_id', 'day']).execute()

      await withId(db.schema.createTable('webhooks'), dialect)
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id'))
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .execute()
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute()
      await db.schema.createIndex('webhook_deliveries_hook').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('webhook_deliveries').execute()
      await db.schema.dropTable('webhooks').execute()
      await db.schema.dropTable('transactions').execute()
      await db.schema.dropTable('tickets').execute()
      await db.schema.dropTable('api_clients').execute()
      await db.schema.alterTable('responses').dropColumn('verified').execute()
    },
  }
}
