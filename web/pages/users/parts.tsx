/**
 * Pieces the account pages share: the unit and role pickers, the notice a
 * redirected form leaves, and a password shown once.
 */
import { GRANT_ROLES } from '../../../server/domain/access.ts'
import type { MessageKey, Translate } from '../../i18n/messages.ts'

export interface UnitOption {
  id: number
  name: string
  depth: number
}

/** Adds ?lang= to a form action or link when the page is not in the default language. */
export const withLang = (path: string, lang: string) => (lang === 'vi' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`)

export function UnitSelect(props: { t: Translate; id: string; units: UnitOption[]; optional?: boolean; selected?: number | null }) {
  return (
    <select id={props.id} name="unit" required={!props.optional}>
      {props.optional ? <option value="">{props.t('users.no_unit')}</option> : null}
      {props.units.map((u) => (
        <option value={String(u.id)} selected={u.id === props.selected}>
          {`${'\u00a0\u00a0'.repeat(u.depth)}${u.name}`}
        </option>
      ))}
    </select>
  )
}

/** Viewer unless told otherwise: the least a role can give. */
export function RoleSelect(props: { t: Translate; id: string; selected?: string | null }) {
  return (
    <select id={props.id} name="role">
      {GRANT_ROLES.map((r) => (
        <option value={r} selected={r === (props.selected ?? 'viewer')}>
          {props.t(`account.role.${r}` as MessageKey)}
        </option>
      ))}
    </select>
  )
}

/** What the last form did, or why it was refused. */
export function Notice(props: { done?: string | null; error?: string | null }) {
  if (props.error)
    return (
      <p class="err notice" role="alert">
        {props.error}
      </p>
    )
  return props.done ? (
    <p class="done notice" role="status">
      {props.done}
    </p>
  ) : null
}

export function GeneratedPassword(props: { t: Translate; username: string; password: string }) {
  return (
    <div class="generated" role="status">
      <p>{props.t('users.generated', { username: props.username })}</p>
      <p>
        <code data-generated-password>{props.password}</code>
      </p>
    </div>
  )
}
