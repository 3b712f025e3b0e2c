/**
 * Kiosks: a touchpoint can run on a tablet fixed at the counter, and tablets
 * are paired to it by staff. A device keeps a random token; the table keeps
 * only its SHA-256, and the short pairing code the tablet showed until staff
 * entered it (the device's name afterwards).
 */
import type { Kysely } from 'kysely'
import { withId, type DialectName } from '../dialect.ts'

export function kiosk(dialect: DialectName) {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('touchpoints').addColumn('kiosk', 'integer', (c) => c.notNull().defaultTo(0)).execute()
      await withId(db.schema.createTable('kiosk_devices'), dialect)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('pair_code', 'text', (c) => c.notNull().unique())
        .addColumn('pair_expires_at', 'text', (c) => c.notNull())
        .addColumn('touchpoint_id', 'integer', (c) => c.references('touchpoints.id'))
        .addColumn('paired_at', 'text')
        .addColumn('paired_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('revoked_at', 'text')
        .addColumn('last_seen_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('kiosk_devices_touchpoint').on('kiosk_devices').column('touchpoint_id').execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('kiosk_devices').execute()
      await db.schema.alterTable('touchpoints').dropColumn('kiosk').execute()
    },
  }
}
