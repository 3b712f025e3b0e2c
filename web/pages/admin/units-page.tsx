/**
 * The unit tree for administrators: every unit indented under its parent,
 * closed ones marked; a form to add one and a form to import a CSV list.
 */
import { SECTORS } from '../../../server/domain/survey-types.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { AdminFrame, indentedName, Options, type AdminFrameProps } from './admin-frame.tsx'

export interface UnitRow {
  id: number
  name: string
  code: string | null
  type: string
  sector: string | null
  parentId: number | null
  depth: number
  closedOn: string | null
  openingHours: string | null
}

export interface CsvError {
  line: number
  field: string
  message: string
}

export function UnitsPage(p: AdminFrameProps & { units: UnitRow[]; csv?: { text: string; errors: CsvError[] } }) {
  const { t } = p
  const sectors = SECTORS.map((s) => ({ value: s, label: t(`admin.sector.${s}` as MessageKey) }))
  return (
    <AdminFrame {...p} tab="units" title={t('admin.units.title')}>
      {p.units.length ? (
        <table class="tree">
          <thead>
            <tr>
              <th>{t('admin.unit.name')}</th>
              <th>{t('admin.unit.code')}</th>
              <th>{t('admin.unit.type')}</th>
              <th>{t('admin.unit.sector')}</th>
              <th>{t('admin.unit.state')}</th>
              <th>{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {p.units.map((u) => (
              <tr class={u.closedOn ? 'closed' : undefined}>
                <td class={`depth-${Math.min(u.depth, 8)}`}>{u.name}</td>
                <td>{u.code ?? ''}</td>
                <td>{u.type}</td>
                <td>{u.sector ? t(`admin.sector.${u.sector}` as MessageKey) : ''}</td>
                <td>{u.closedOn ? t('admin.unit.closed_on', { day: u.closedOn }) : t('admin.unit.open')}</td>
                <td>
                  <a href={`/admin/units/${u.id}`}>{t('admin.edit')}</a> · <a href={`/admin/touchpoints?unit=${u.id}`}>{t('admin.touchpoints.title')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('admin.units.empty')}</p>
      )}

      <h2>{t('admin.units.create')}</h2>
      <form class="filters" method="post" action="/admin/units">
        <label>
          {t('admin.unit.name')}
          <input name="name" required maxLength={200} />
        </label>
        <label>
          {t('admin.unit.type')}
          <input name="type" required maxLength={40} list="unit-types" />
        </label>
        <label>
          {t('admin.unit.sector')}
          <select name="sector">
            <Options items={sectors} blank={t('admin.none')} />
          </select>
        </label>
        <label>
          {t('admin.unit.parent')}
          <select name="parent">
            <Options items={p.units.map((u) => ({ value: u.id, label: indentedName(u) }))} blank={t('admin.unit.no_parent')} />
          </select>
        </label>
        <label>
          {t('admin.unit.code')}
          <input name="code" maxLength={40} />
        </label>
        <button type="submit">{t('admin.create')}</button>
      </form>
      <datalist id="unit-types">
        {['province', 'department', 'commune', 'one-stop', 'hospital', 'health-station', 'school'].map((x) => (
          <option value={x} />
        ))}
      </datalist>

      <h2>{t('admin.csv.title')}</h2>
      <p>{t('admin.csv.help')}</p>
      {p.csv?.errors.length ? (
        <table class="csv-errors" role="alert">
          <caption class="err">{t('error.invalid_csv', { count: p.csv.errors.length })}</caption>
          <thead>
            <tr>
              <th>{t('admin.csv.line')}</th>
              <th>{t('admin.csv.field')}</th>
              <th>{t('admin.csv.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {p.csv.errors.map((e) => (
              <tr>
                <td class="num">{e.line}</td>
                <td>{e.field}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form class="csv" method="post" action="/admin/units/import" enctype="multipart/form-data">
        <label>
          {t('admin.csv.file')}
          <input type="file" name="file" accept=".csv,text/csv" />
        </label>
        <label>
          {t('admin.csv.text')}
          <textarea name="text" rows={6} placeholder="code,name,type,sector,parent_code">
            {p.csv?.text ?? ''}
          </textarea>
        </label>
        <label class="inline">
          <input type="checkbox" name="dry_run" value="1" /> {t('admin.csv.dry_run')}
        </label>
        <button type="submit">{t('admin.csv.submit')}</button>
      </form>
    </AdminFrame>
  )
}
