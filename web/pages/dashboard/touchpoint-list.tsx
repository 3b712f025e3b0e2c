/**
 * The survey points of the chosen subtree, with their addresses, posters and QR codes.
 */
import type { Translate } from '../../i18n/messages.ts'

export interface TouchpointRow {
  code: string
  label: string
  unit: string
  survey: string
}

export function TouchpointList(props: { t: Translate; touchpoints: TouchpointRow[] }) {
  const { t } = props
  if (!props.touchpoints.length) return null
  return (
    <section>
      <h2>{t('dash.touchpoints')}</h2>
      <table>
        <tbody>
          {props.touchpoints.map((tp) => (
            <tr>
              <td>{tp.unit}</td>
              <td>{tp.label}</td>
              <td>{tp.survey}</td>
              <td>
                <a href={`/s/${tp.code}`}>/s/{tp.code}</a> · <a href={`/poster/${tp.code}`}>{t('poster.print')}</a> · <a href={`/qr/${tp.code}.svg`}>QR</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
