/**
 * Targets for administrators: the plans' defaults and every later change,
 * each with its scope, period and source document. A change is a new target
 * with its own start; the defaults cannot be edited away.
 */
import { SECTORS } from '../../../server/domain/survey-types.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { AdminFrame, indentedName, Options, RowSaveForm, type AdminFrameProps } from './admin-frame.tsx'

export interface TargetRow {
  id: number
  scope: string
  percent: string
  validFrom: string
  validTo: string | null
  source: string
  isDefault: boolean
}

export function TargetsPage(p: AdminFrameProps & { targets: TargetRow[]; units: { id: number; name: string; depth: number }[]; today: string }) {
  const { t } = p
  return (
    <AdminFrame {...p} tab="targets" title={t('admin.targets.title')}>
      <p>{t('admin.targets.help')}</p>
      <table>
        <thead>
          <tr>
            <th>{t('admin.target.scope')}</th>
            <th class="num">{t('admin.target.threshold')}</th>
            <th>{t('admin.target.from')}</th>
            <th>{t('admin.target.to')}</th>
            <th>{t('admin.target.source')}</th>
            <th>{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {p.targets.map((x) => {
            const form = `target-${x.id}`
            return (
              <tr>
                <td>{x.scope}</td>
                {x.isDefault ? (
                  <>
                    <td class="num">{x.percent}%</td>
                    <td>{x.validFrom}</td>
                    <td>{x.validTo ?? t('admin.target.open_ended')}</td>
                    <td>
                      {x.source} <span class="badge">{t('admin.target.default')}</span>
                    </td>
                    <td />
                  </>
                ) : (
                  <>
                    <td class="num">
                      <input form={form} name="threshold" type="number" min="0" max="100" step="0.1" required value={x.percent} aria-label={t('admin.target.threshold')} />
                    </td>
                    <td>
                      <input form={form} name="valid_from" type="date" required value={x.validFrom} aria-label={t('admin.target.from')} />
                    </td>
                    <td>{x.validTo ?? t('admin.target.open_ended')}</td>
                    <td>
                      <input form={form} name="source" required maxLength={500} value={x.source} aria-label={t('admin.target.source')} />
                    </td>
                    <td>
                      <RowSaveForm id={form} action={`/admin/targets/${x.id}`} t={t} />
                      <form method="post" action={`/admin/targets/${x.id}/delete`}>
                        <button type="submit">{t('admin.delete')}</button>
                      </form>
                    </td>
                  </>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
      <h2>{t('admin.targets.create')}</h2>
      <form class="filters" method="post" action="/admin/targets">
        <label>
          {t('admin.unit.sector')}
          <select name="sector">
            <Options items={SECTORS.map((s) => ({ value: s, label: t(`admin.sector.${s}` as MessageKey) }))} blank={t('admin.target.all_sectors')} />
          </select>
        </label>
        <label>
          {t('admin.unit.unit')}
          <select name="unit">
            <Options items={p.units.map((u) => ({ value: u.id, label: indentedName(u) }))} blank={t('admin.target.whole_province')} />
          </select>
        </label>
        <label>
          {t('admin.target.threshold')}
          <input name="threshold" type="number" min="0" max="100" step="0.1" required />
        </label>
        <label>
          {t('admin.target.from')}
          <input name="valid_from" type="date" required value={p.today} />
        </label>
        <label>
          {t('admin.target.source')}
          <input name="source" required maxLength={500} />
        </label>
        <button type="submit">{t('admin.create')}</button>
      </form>
    </AdminFrame>
  )
}
