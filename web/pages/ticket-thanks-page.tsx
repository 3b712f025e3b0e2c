import type { Translate } from '../i18n/messages.ts'
import { CitizenLayout } from './citizen-layout.tsx'

/** Thanks after a ticket's answer: no "answer again" link, a ticket is answered once. */
export function TicketThanksPage(props: { t: Translate; lang: string; unitName: string }) {
  const { t } = props
  return (
    <CitizenLayout lang={props.lang} t={t} title={t('thanks.title')} header={<p class="unit">{props.unitName}</p>}>
      <h1>{t('thanks.title')}</h1>
      <p>{t('thanks.body')}</p>
    </CitizenLayout>
  )
}
