/**
 * The citizen's survey: a plain HTML form that works with JavaScript off.
 * Each section is its own <section>; the page script turns them into steps
 * with a progress bar. Fields are named by item code and the comment
 * `comment`, so the form POST carries the same answers as the JSON API.
 */
import type { Item, SurveyDefinition } from '../../server/domain/survey-types.ts'
import { local } from '../../server/domain/survey-types.ts'
import { FACES } from '../../server/domain/kiosk-survey.ts'
import type { Translate } from '../i18n/messages.ts'
import { CitizenLayout, LanguageLinks } from './citizen-layout.tsx'

export interface SurveyPageProps {
  t: Translate
  lang: string
  code: string
  survey: SurveyDefinition
  unitName: string
  serviceName: string | null
  label: string
  /** The response id, drawn when the page is rendered so a double POST is one response. */
  responseId: string
  /** Values to show again after a refused submission. */
  values?: Record<string, string>
  /** Problems by field, already in the page's language. */
  errors?: { field: string; message: string }[]
  /** Where the form posts (default /s/{code}): a one-time ticket's page posts to /t/{ticket}. */
  action?: string
}


/** The hidden field of the honeypot rule (domain/flag-rules.ts): a response that fills it is flagged. */
export const HONEYPOT_FIELD = 'website'

export function SurveyPage(p: SurveyPageProps) {
  const { t, lang, survey } = p
  const errors = new Map((p.errors ?? []).map((e) => [e.field, e.message]))
  const sections = survey.sections
  const action = p.action ?? `/s/${p.code}`
  return (
    <CitizenLayout
      lang={lang}
      t={t}
      title={`${local(survey.title, lang)} — ${p.unitName}`}
      script="/static/survey.js"
      header={
        <p>
          <span class="unit">{p.unitName}</span>
          <br />
          <span class="where">
            {p.serviceName ? `${t('survey.service')}: ${p.serviceName} · ` : ''}
            {p.label}
          </span>
        </p>
      }
    >
      <LanguageLinks langs={survey.languages} current={lang} href={(l) => `${action}?lang=${l}`} t={t} />
      <h1>{local(survey.title, lang)}</h1>
      {survey.intro ? <p>{local(survey.intro, lang)}</p> : null}
      <p class="note">{t('survey.anonymous')}</p>
      {errors.size ? (
        <div class="summary" role="alert" tabIndex={-1} id="errors">
          <h2>{t('survey.errors_title', { count: errors.size })}</h2>
          <ul>
            {[...errors].map(([field, message]) => (
              <li>
                <a href={`#q-${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={action} data-offline={t('survey.saved_offline')} data-retry={t('survey.saved_retry')} data-sending={t('survey.sending')} data-thanks={`${action}/thanks?lang=${lang}`}>
        <input type="hidden" name="id" value={p.responseId} />
        <input type="hidden" name="lang" value={lang} />
        {/* A trap for robots that fill every field: off-screen, out of the tab order and hidden from screen readers, so people leave it empty. */}
        <div class="hp" aria-hidden="true">
          <label>
            {t('admin.flags.honeypot_label')}
            <input name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
          </label>
        </div>
        <progress hidden max={sections.length} value={1} aria-label={t('survey.progress')} />
        {sections.map((section, i) => (
          <section class="step" aria-labelledby={`h-${section.code}`}>
            <h2 id={`h-${section.code}`}>
              {sections.length > 1 ? `${t('survey.step', { current: i + 1, total: sections.length })} · ` : ''}
              {local(section.title, lang)}
            </h2>
            {section.items.map((item) => (
              <Question item={item} lang={lang} t={t} value={p.values?.[item.code]} error={errors.get(item.code)} />
            ))}
            {i === sections.length - 1 ? <Comment t={t} value={p.values?.comment} error={errors.get('comment')} /> : null}
            <div class="nav" hidden>
              {i > 0 ? (
                <button type="button" class="secondary" data-back>
                  {t('survey.back')}
                </button>
              ) : (
                <span />
              )}
              {i < sections.length - 1 ? (
                <button type="button" data-next>
                  {t('survey.next')}
                </button>
              ) : null}
            </div>
          </section>
        ))}
        <p class="status" role="status" aria-live="polite" />
        <button type="submit">{t('survey.submit')}</button>
      </form>
      <footer>
        {t('survey.source')}: {survey.source.document}
      </footer>
    </CitizenLayout>
  )
}

export function Question(props: { item: Item; lang: string; t: Translate; value: string | undefined; error: string | undefined }) {
  const { item, lang, t, error } = props
  const id = `q-${item.code}`
  const errId = `e-${item.code}`
  const describedBy = [item.help ? `h-${item.code}` : '', error ? errId : ''].filter(Boolean).join(' ') || undefined
  const showIf = item.showIf ? `${item.showIf.item}:${item.showIf.in.join(',')}` : undefined
  const heading = (
    <>
      {local(item.text, lang)}
      {item.required ? <span class="hint"> ({t('survey.required')})</span> : null}
    </>
  )
  const notes = (
    <>
      {item.showIf ? <p class="hint">{t('survey.followup_hint')}</p> : null}
      {item.help ? (
        <p class="hint" id={`h-${item.code}`}>
          {local(item.help, lang)}
        </p>
      ) : null}
      {error ? (
        <p class="err" id={errId}>
          {error}
        </p>
      ) : null}
    </>
  )
  if (item.options) {
    // Faces on the phone only for the one-stop rating; a kiosk shows them on every rated first question.
    const faces = item.type === 'level3' ? FACES.level3 : undefined
    return (
      <fieldset id={id} data-show-if={showIf} aria-describedby={describedBy}>
        <legend>{heading}</legend>
        {notes}
        {item.options.map((o) => (
          <label class="opt">
            <input type="radio" name={item.code} value={String(o.value)} checked={props.value === String(o.value)} required={item.required} />
            {faces?.[o.value] ? (
              <span class="face" aria-hidden="true">
                {faces[o.value]}
              </span>
            ) : null}
            <span>{local(o.label, lang)}</span>
          </label>
        ))}
      </fieldset>
    )
  }
  const inputId = `i-${item.code}`
  return (
    <div id={id} data-show-if={showIf}>
      <label for={inputId}>
        <strong>{heading}</strong>
      </label>
      {item.type === 'number' ? <p class="hint">{t('survey.number_hint', { min: item.min ?? 0, max: item.max ?? 100 })}</p> : null}
      {notes}
      {item.type === 'number' ? (
        <input id={inputId} type="number" inputMode="decimal" name={item.code} min={item.min} max={item.max} step="any" value={props.value ?? ''} aria-describedby={describedBy} />
      ) : (
        <textarea id={inputId} name={item.code} maxLength={item.maxLength} aria-describedby={describedBy}>
          {props.value ?? ''}
        </textarea>
      )}
    </div>
  )
}

export function Comment(props: { t: Translate; value: string | undefined; error: string | undefined }) {
  return (
    <div id="q-comment">
      <label for="i-comment">
        <strong>{props.t('survey.comment')}</strong>
      </label>
      <p class="hint" id="h-comment">
        {props.t('survey.comment_hint')}
      </p>
      {props.error ? (
        <p class="err" id="e-comment">
          {props.error}
        </p>
      ) : null}
      <textarea id="i-comment" name="comment" maxLength={2000} aria-describedby={props.error ? 'h-comment e-comment' : 'h-comment'}>
        {props.value ?? ''}
      </textarea>
    </div>
  )
}
