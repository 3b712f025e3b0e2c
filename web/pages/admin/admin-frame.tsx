/**
 * The frame of the management pages: the staff layout, the tabs this user
 * may open, and the message a form left after its redirect.
 */
import type { ComponentChildren } from 'preact'
import type { MessageKey, Translate } from '../../i18n/messages.ts'
import { StaffLayout, type StaffUser } from '../staff-layout.tsx'

export interface Flash {
  ok?: string
  err?: string
}

export type AdminTab = 'index' | 'units' | 'services' | 'touchpoints' | 'targets' | 'users' | 'flags' | 'audit' | 'clients' | 'webhooks'

const TABS: { tab: AdminTab; href: string; label: MessageKey; adminOnly: boolean }[] = [
  { tab: 'units', href: '/admin/units', label: 'admin.units.title', adminOnly: true },
  { tab: 'services', href: '/admin/services', label: 'admin.services.title', adminOnly: true },
  { tab: 'touchpoints', href: '/admin/touchpoints', label: 'admin.touchpoints.title', adminOnly: false },
  { tab: 'targets', href: '/admin/targets', label: 'admin.targets.title', adminOnly: true },
  { tab: 'users', href: '/admin/users', label: 'admin.users.title', adminOnly: true },
  { tab: 'flags', href: '/admin/flags', label: 'admin.flags.title', adminOnly: true },
  { tab: 'audit', href: '/admin/audit', label: 'audit.title', adminOnly: true },
  { tab: 'clients', href: '/admin/clients', label: 'integration.clients.title', adminOnly: true },
  { tab: 'webhooks', href: '/admin/webhooks', label: 'integration.webhooks.title', adminOnly: true },
]

export interface AdminFrameProps {
  t: Translate
  lang: string
  user: StaffUser
  flash?: Flash
}

export function AdminFrame(p: AdminFrameProps & { tab: AdminTab; title: string; children: ComponentChildren }) {
  const { t } = p
  return (
    <StaffLayout t={t} lang={p.lang} title={p.title} user={p.user} current="admin">
      <nav class="tabs" aria-label={t('admin.title')}>
        {TABS.filter((x) => p.user.admin || !x.adminOnly).map((x) => (
          <a href={x.href} aria-current={x.tab === p.tab ? 'page' : undefined}>
            {t(x.label)}
          </a>
        ))}
      </nav>
      <h1>{p.title}</h1>
      {p.flash?.ok ? (
        <p class="flash ok" role="status">
          {p.flash.ok}
        </p>
      ) : null}
      {p.flash?.err ? (
        <p class="err" role="alert">
          {p.flash.err}
        </p>
      ) : null}
      {p.children}
    </StaffLayout>
  )
}

/** A select's options from a list, with one chosen. */
export function Options(p: { items: { value: string | number; label: string }[]; selected?: string | number | null; blank?: string }) {
  return (
    <>
      {p.blank !== undefined ? <option value="">{p.blank}</option> : null}
      {p.items.map((i) => (
        <option value={String(i.value)} selected={p.selected != null && String(p.selected) === String(i.value)}>
          {i.label}
        </option>
      ))}
    </>
  )
}

/** A unit's name indented by its depth in the tree (the picker shows the tree without CSS). */
export const indentedName = (u: { name: string; depth: number }) => `${'\u00a0\u00a0'.repeat(u.depth)}${u.name}`

/** A table row's save button: the row's inputs name this form (form=…), since a form cannot wrap a table row. */
export function RowSaveForm(p: { id: string; action: string; t: Translate }) {
  return (
    <form id={p.id} method="post" action={p.action}>
      <button type="submit">{p.t('admin.save')}</button>
    </form>
  )
}
