/** The cells of one public figure: a hidden one says why, with no number at all. */
import type { PublicFigure } from '../../../server/results/public-figures.ts'
import type { MessageKey, Translate } from '../../i18n/messages.ts'

export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)

export function FigureCells(props: { t: Translate; fig: PublicFigure }) {
  const { t, fig } = props
  if (fig.hidden) {
    return (
      <>
        <td class="num" colSpan={3}>
          <span class="hidden-fig" data-hidden={fig.hidden}>{t(fig.hidden === 'small' ? 'public.hidden.small' : 'public.hidden.secondary')}</span>
        </td>
        <td class="num">{pct(fig.target)}</td>
        <td>
          <span class="too_few">{t('verdict.too_few')}</span>
        </td>
      </>
    )
  }
  const v = fig.n === 0 ? 'too_few' : (fig.verdict ?? 'none')
  return (
    <>
      <td class="num" data-n={String(fig.n)}>{fig.n}</td>
      <td class="num">{pct(fig.index)}</td>
      <td class="num">{fig.ci ? `${pct(fig.ci[0])} – ${pct(fig.ci[1])}` : '—'}</td>
      <td class="num">{pct(fig.target)}</td>
      <td>
        <span class={v}>{t(`verdict.${v}` as MessageKey)}</span>
      </td>
    </>
  )
}

export function FigureHead(props: { t: Translate; first: string }) {
  const { t } = props
  return (
    <tr>
      <th scope="col">{props.first}</th>
      <th scope="col" class="num">{t('public.col.n')}</th>
      <th scope="col" class="num">{t('public.col.index')}</th>
      <th scope="col" class="num">{t('public.col.ci')}</th>
      <th scope="col" class="num">{t('public.col.target')}</th>
      <th scope="col">{t('public.col.verdict')}</th>
    </tr>
  )
}
