/** The unit field of every staff filter: the units the user may read, indented by depth. */
import type { Translate } from '../i18n/messages.ts'

export interface UnitOption {
  id: number
  name: string
  depth: number
}

export function UnitSelect(props: { t: Translate; units: UnitOption[]; selected: number }) {
  return (
    <label>
      {props.t('dash.unit')}
      <select name="unit">
        {props.units.map((u) => (
          <option value={String(u.id)} selected={u.id === props.selected}>
            {`${'\u00a0\u00a0'.repeat(u.depth)}${u.name}`}
          </option>
        ))}
      </select>
    </label>
  )
}
