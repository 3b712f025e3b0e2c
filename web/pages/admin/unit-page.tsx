/**
 * One unit for administrators: edit or move it under another parent, close
 * it on a day (its touchpoints retire that day) or reopen it.
 */
import { SECTORS } from '../../../server/domain/survey-types.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { AdminFrame, indentedName, Options, type AdminFrameProps } from './admin-frame.tsx'
import type { UnitRow } from './units-page.tsx'

export function UnitPage(p: AdminFrameProps & { unit: UnitRow; parents: UnitRow[]; today: string }) {
  const { t, unit } = p
  const sectors = SECTORS.map((s) => ({ value: s, label: t(`admin.sector.${s}` as MessageKey) }))
  return (
    <AdminFrame {...p} tab="units" title={unit.name}>
      <p>
        <a href="/admin/units">{t('admin.units.back')}</a> · <a href={`/admin/touchpoints?unit=${unit.id}`}>{t('admin.touchpoints.title')}</a> ·{' '}
        <a href={`/admin/units/${unit.id}/posters`}>{t('admin.posters.link')}</a>
      </p>
      <h2>{t('admin.units.edit')}</h2>
      <form class="filters" method="post" action={`/admin/units/${unit.id}`}>
        <label>
          {t('admin.unit.name')}
          <input name="name" required maxLength={200} value={unit.name} />
        </label>
        <label>
          {t('admin.unit.type')}
          <input name="type" required maxLength={40} value={unit.type} />
        </label>
        <label>
          {t('admin.unit.sector')}
          <select name="sector">
            <Options items={sectors} selected={unit.sector} blank={t('admin.none')} />
          </select>
        </label>
        <label>
          {t('admin.unit.parent')}
          <select name="parent">
            <Options items={p.parents.map((u) => ({ value: u.id, label: indentedName(u) }))} selected={unit.parentId} blank={t('admin.unit.no_parent')} />
          </select>
        </label>
        <label>
          {t('admin.unit.code')}
          <input name="code" maxLength={40} value={unit.code ?? ''} />
        </label>
        <label>
          {t('admin.unit.opening_hours')}
          <input name="opening_hours" maxLength={200} value={unit.openingHours ?? ''} placeholder="07:30-11:30,13:30-17:00 Mon-Fri; 07:30-11:30 Sat" />
        </label>
        <button type="submit">{t('admin.save')}</button>
      </form>

      <h2>{unit.closedOn ? t('admin.unit.closed_on', { day: unit.closedOn }) : t('admin.units.close')}</h2>
      <form class="filters" method="post" action={`/admin/units/${unit.id}/close`}>
        {unit.closedOn ? (
          <>
            <input type="hidden" name="on" value="" />
            <button type="submit">{t('admin.units.reopen')}</button>
          </>
        ) : (
          <>
            <label>
              {t('admin.units.close_on')}
              <input type="date" name="on" required value={p.today} />
            </label>
            <button type="submit">{t('admin.units.close')}</button>
          </>
        )}
      </form>
      <p class="hint">{t('admin.units.close_help')}</p>
    </AdminFrame>
  )
}
