/**
 * GET /public: every unit with a published period, as the unit tree, each
 * with its published periods. Sở Nội vụ decides what appears here.
 */
import type { PublicUnit } from '../../../server/results/public-figures.ts'
import type { Translate } from '../../i18n/messages.ts'
import { PublicLayout } from './public-layout.tsx'

export function PublicIndexPage(props: { t: Translate; lang: string; units: PublicUnit[]; suppressBelow: number }) {
  const { t, lang } = props
  const ids = new Set(props.units.map((u) => u.id))
  const kids = new Map<number | null, PublicUnit[]>()
  for (const u of props.units) {
    const parent = u.parent_id !== null && ids.has(u.parent_id) ? u.parent_id : null
    kids.set(parent, [...(kids.get(parent) ?? []), u])
  }
  for (const list of kids.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'vi'))
  const tree = (parent: number | null) => {
    const list = kids.get(parent)
    if (!list?.length) return null
    return (
      <ul class="tree">
        {list.map((u) => (
          <li data-unit={String(u.id)}>
            <a href={`/public/units/${u.id}?lang=${lang}`}>{u.name}</a>
            <span class="periods"> {[...u.periods].sort().reverse().join(' · ')}</span>
            {tree(u.id)}
          </li>
        ))}
      </ul>
    )
  }
  return (
    <PublicLayout t={t} lang={lang} title={t('public.index.title')} href={(l) => `/public?lang=${l}`}>
      <h1>{t('public.index.title')}</h1>
      <p>{t('public.index.intro')}</p>
      <p class="hint">{t('public.suppression_note', { n: props.suppressBelow })}</p>
      {props.units.length ? tree(null) : <p>{t('public.index.none')}</p>}
      <p class="hint">
        <a href={`/api/v1/public/results?lang=${lang}`}>{t('public.json')}</a>
      </p>
    </PublicLayout>
  )
}
