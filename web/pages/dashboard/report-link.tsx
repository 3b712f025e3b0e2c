/** The link to the printable report of the unit and period shown (GET /reports/units/:id). */
import type { Translate } from '../../i18n/messages.ts'

export function ReportLink(props: { t: Translate; lang: string; unit: number; period: string; survey: string | null }) {
  const q = new URLSearchParams({ period: props.period, lang: props.lang })
  if (props.survey) q.set('survey', props.survey)
  return (
    <p class="report-link">
      <a href={`/reports/units/${props.unit}?${q}`}>{props.t('report.link')}</a>
    </p>
  )
}
