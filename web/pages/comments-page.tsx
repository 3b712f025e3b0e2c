/**
 * What citizens wrote, newest day first: filters in the address, negative
 * comments labelled in words, every text already masked by the server and
 * escaped by Preact. Today's comments wait until the day is over.
 */
import type { Tone } from '../../server/domain/comment-tone.ts'
import type { Period } from '../../server/domain/periods.ts'
import type { CommentItem } from '../../server/store/comments.ts'
import type { Translate } from '../i18n/messages.ts'
import { PeriodSelect } from './period-select.tsx'
import { StaffLayout, type StaffUser } from './staff-layout.tsx'
import { UnitSelect } from './unit-select.tsx'

export interface CommentsQuery {
  unit: number
  period: Period
  survey: string | null
  service: number | null
  touchpoint: number | null
  rating: Tone | null
  limit: number
}

export interface CommentsProps {
  t: Translate
  lang: string
  user: StaffUser
  today: string
  shownUntil: string
  units: { id: number; name: string; depth: number }[]
  services: { id: number; name: string }[]
  touchpoints: { id: number; label: string }[]
  surveys: { id: string; title: string }[]
  query: CommentsQuery
  items: CommentItem[]
  /** Cursor of the next, older page. */
  next: string | null
}

export function CommentsPage(p: CommentsProps) {
  const { t, query } = p
  const link = (before: string | null) => {
    const s = new URLSearchParams({ unit: String(query.unit), period: query.period.key })
    if (query.survey) s.set('survey', query.survey)
    if (query.service !== null) s.set('service', String(query.service))
    if (query.touchpoint !== null) s.set('touchpoint', String(query.touchpoint))
    if (query.rating) s.set('rating', query.rating)
    if (before) s.set('before', before)
    s.set('lang', p.lang)
    return `/comments?${s}`
  }
  return (
    <StaffLayout t={t} lang={p.lang} title={t('comments.title')} user={p.user} current="comments">
      <h1>{t('comments.title')}</h1>
      <form class="filters" method="get" action="/comments">
        <UnitSelect t={t} units={p.units} selected={query.unit} />
        <PeriodSelect t={t} period={query.period} today={p.today} />
        <label>
          {t('comments.service')}
          <select name="service">
            <option value="">{t('province.all')}</option>
            {p.services.map((s) => (
              <option value={String(s.id)} selected={s.id === query.service}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('comments.touchpoint')}
          <select name="touchpoint">
            <option value="">{t('province.all')}</option>
            {p.touchpoints.map((tp) => (
              <option value={String(tp.id)} selected={tp.id === query.touchpoint}>
                {tp.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('comments.rating')}
          <select name="rating">
            <option value="">{t('province.all')}</option>
            <option value="negative" selected={query.rating === 'negative'}>
              {t('comments.rating.negative')}
            </option>
            <option value="positive" selected={query.rating === 'positive'}>
              {t('comments.rating.positive')}
            </option>
          </select>
        </label>
        {query.survey ? <input type="hidden" name="survey" value={query.survey} /> : null}
        <input type="hidden" name="lang" value={p.lang} />
        <button type="submit">{t('dash.show')}</button>
      </form>
      <p class="hint">{t('comments.privacy', { day: p.shownUntil })}</p>

      {p.items.length ? (
        <ol class="comments">
          {p.items.map((item) => (
            <li class={item.negative ? 'comment negative' : 'comment'} data-rating={item.rating ?? 'none'}>
              <p class="meta">
                {item.negative ? <strong class="tone">{t('comments.negative')}</strong> : null}
                <time dateTime={item.day}>{item.day}</time>
                {' · '}
                {item.unit}
                {item.service ? ` · ${item.service}` : ''}
                {` · ${item.touchpoint}`}
                <span class="survey">{` · ${item.survey.title}`}</span>
              </p>
              {item.texts.map((text) => (
                <div class="text" data-item={text.item}>
                  {text.label ? <p class="q">{text.label}</p> : null}
                  <blockquote>{text.text}</blockquote>
                </div>
              ))}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('comments.none')}</p>
      )}
      <nav class="pager" aria-label={t('comments.pages')}>
        {p.next ? (
          <a href={link(p.next)} rel="next">
            {t('comments.older')}
          </a>
        ) : null}
      </nav>
    </StaffLayout>
  )
}
