import type { Translate } from '../i18n/messages.ts'
import { CitizenLayout } from './citizen-layout.tsx'

export function ThanksPage(props: { t: Translate; lang: string; code: string; unitName: string }) {
  const { t } = props
  return (
    <CitizenLayout lang={props.lang} t={t} title={t('thanks.title')} header={<p class="unit">{props.unitName}</p>}>
      <h1>{t('thanks.title')}</h1>
      <p>{t('thanks.body')}</p>
      <p>
        <a href={`/s/${props.code}?lang=${props.lang}`}>{t('thanks.again')}</a>
      </p>
    </CitizenLayout>
  )
}
