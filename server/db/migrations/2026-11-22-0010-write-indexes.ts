/**
 * Fewer index pages per response. Each index whose new entries land at
 * scattered places (a unit's or a touchpoint's own range) costs a page in
 * every group commit, and writing those pages to the WAL is most of a
 * commit's time. (unit_id, day) and (touchpoint_id, received_at) were two
 * such indexes; one index on (unit_id, day, touchpoint_id, received_at)
 * serves both readers: a unit's days as before, and the flag rules' last
 * minutes of a touchpoint, found under its unit and day. And
 * (survey_id, day, unit_id) becomes (survey_id, day): a day's entries of an
 * instrument then follow each other in insertion order, one page for the
 * batch, and a unit's reads go through the unit index instead.
 */
import type { Kysely } from 'kysely'

export function writeIndexes() {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('responses_unit_day_touchpoint').on('responses').columns(['unit_id', 'day', 'touchpoint_id', 'received_at']).execute()
      await db.schema.dropIndex('responses_unit_day').execute()
      await db.schema.dropIndex('responses_touchpoint_received').execute()
      await db.schema.dropIndex('responses_survey_day').execute()
      await db.schema.createIndex('responses_survey_day').on('responses').columns(['survey_id', 'day']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('responses_survey_day').execute()
      await db.schema.createIndex('responses_survey_day').on('responses').columns(['survey_id', 'day', 'unit_id']).execute()
      await db.schema.createIndex('responses_touchpoint_received').on('responses').columns(['touchpoint_id', 'received_at']).execute()
      await db.schema.createIndex('responses_unit_day').on('responses').columns(['unit_id', 'day']).execute()
      await db.schema.dropIndex('responses_unit_day_touchpoint').execute()
    },
  }
}
