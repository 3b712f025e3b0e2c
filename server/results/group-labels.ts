/**
 * Readable labels for group keys: service and touchpoint names from the
 * store, months, weeks and weekday-hour cells from the catalogue.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { GroupDimension } from '../store/load-tallies.ts'
import type { MessageKey, Translate } from '../../web/i18n/messages.ts'

export const weekdayName = (t: Translate, weekday: number) => t(`dash.weekday.${weekday}` as MessageKey)

export async function groupLabels(db: Kysely<Database>, dim: GroupDimension, keys: string[], t: Translate): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (dim === 'month') {
    for (const k of keys) out.set(k, t('dash.month_label', { year: k.slice(0, 4), month: Number(k.slice(5, 7)) }))
    return out
  }
  if (dim === 'week') {
    for (const k of keys) out.set(k, t('dash.week_label', { year: k.slice(0, 4), week: Number(k.slice(6)) }))
    return out
  }
  if (dim === 'hour') {
    for (const k of keys) out.set(k, t('dash.hour_label', { weekday: weekdayName(t, Number(k.slice(0, 1))), hour: k.slice(2) }))
    return out
  }
  const ids = keys.filter(Boolean).map(Number)
  if (dim === 'service') {
    out.set('', t('dash.no_service'))
    if (ids.length) for (const s of await db.selectFrom('services').select(['id', 'name']).where('id', 'in', ids).execute()) out.set(String(s.id), s.name)
  } else if (ids.length) {
    const rows = await db
      .selectFrom('touchpoints as t')
      .innerJoin('units as u', 'u.id', 't.unit_id')
      .select(['t.id', 't.label', 'u.name'])
      .where('t.id', 'in', ids)
      .execute()
    for (const r of rows) out.set(String(r.id), `${r.name} — ${r.label}`)
  }
  return out
}
