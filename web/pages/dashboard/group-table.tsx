/**
 * One breakdown as a table: the content itself without JavaScript, and the
 * accessible alternative of every chart.
 */
import type { GroupJson } from '../../../server/results/compute-results.ts'
import type { Translate } from '../../i18n/messages.ts'
import { CiValue, IndexValue, Verdict } from './format.tsx'

export function GroupTable(props: { t: Translate; by: string; groups: GroupJson[]; caption?: string }) {
  const { t } = props
  return (
    <table data-breakdown={props.by}>
      {props.caption ? <caption>{props.caption}</caption> : null}
      <thead>
        <tr>
          <th scope="col">{t('dash.group')}</th>
          <th scope="col" class="num">{t('dash.n')}</th>
          <th scope="col" class="num">{t('dash.index')}</th>
          <th scope="col" class="num">{t('dash.ci')}</th>
          <th scope="col">{t('dash.verdict')}</th>
        </tr>
      </thead>
      <tbody>
        {props.groups.map((g) => (
          <tr data-key={g.key} data-suppressed={g.suppressed ? '1' : undefined}>
            <th scope="row">{g.label}</th>
            <td class="num">{g.n}</td>
            <td class="num">
              <IndexValue t={t} fig={g} />
            </td>
            <td class="num">
              <CiValue fig={g} />
            </td>
            <td>
              <Verdict t={t} fig={g} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Data for a client chart: JSON that is never executed (CSP allows no inline script), with "<" escaped so it cannot end the element. */
export function ChartData(props: { id: string; data: unknown }) {
  return <script type="application/json" id={props.id} dangerouslySetInnerHTML={{ __html: JSON.stringify(props.data).replace(/</g, '\\u003c') }} />
}
