/** Download links for the exports of a unit, period and instrument: plain links to GET /api/v1/exports/*. */
import type { Translate } from '../../i18n/messages.ts'

export function ExportLinks(props: { t: Translate; lang: string; unit: number; period: string; survey: string | null; extra?: Record<string, string> }) {
  const { t } = props
  const href = (path: string, over: Record<string, string>) => {
    const q = new URLSearchParams({ unit: String(props.unit), period: props.period, lang: props.lang, ...props.extra, ...over })
    if (props.survey) q.set('survey', props.survey)
    return `/api/v1/exports/${path}?${q}`
  }
  const health = props.survey === 'health-outpatient' || props.survey === 'health-inpatient'
  return (
    <nav class="exports" aria-label={t('exports.title')}>
      <strong>{t('exports.title')}: </strong>
      <a href={href('results', { format: 'csv' })} download>{t('exports.results_csv')}</a>
      <a href={href('results', { format: 'xlsx' })} download>{t('exports.results_xlsx')}</a>
      {props.survey ? (
        <>
          <a href={href('responses', { format: 'csv' })} download>{t('exports.responses_csv')}</a>
          <a href={href('responses', { format: 'xlsx' })} download>{t('exports.responses_xlsx')}</a>
          <a href={href('codebook', { format: 'csv' })} download>{t('exports.codebook')}</a>
          {health ? <a href={href('responses', { format: 'csv', layout: 'moh' })} download>{t('exports.responses_moh')}</a> : null}
        </>
      ) : null}
      <span class="hint"> {t('exports.hint')}</span>
    </nav>
  )
}
