/** Tells that a period's figures are frozen at its approval (results/freeze.ts). */
import type { Translate } from '../../i18n/messages.ts'

export function FrozenBadge(props: { t: Translate; frozen: { approved_at: string; approved_by: string | null } }) {
  const { t, frozen } = props
  return (
    <p class="frozen" data-frozen={frozen.approved_at} title={t('periods.frozen_hint')}>
      <strong>{t('periods.frozen_badge', { day: frozen.approved_at.slice(0, 10) })}</strong>
    </p>
  )
}
