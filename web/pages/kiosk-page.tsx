/**
 * The survey on a tablet fixed at the counter. The first screen is the one
 * rated question with large faces; choosing one reveals the optional rest
 * (follow-up, comment), sent by the citizen or by itself after a pause. The
 * page script (web/islands/kiosk.ts) queues answers on the tablet, shows the
 * thank-you screen, wipes the form for the next citizen, and pairs the tablet.
 * Without the script it is a plain form posting to the phone survey's address.
 */
import { FACES } from '../../server/domain/kiosk-survey.ts'
import { local, type Item, type SurveyDefinition } from '../../server/domain/survey-types.ts'
import type { Translate } from '../i18n/messages.ts'
import { LanguageLinks } from './citizen-layout.tsx'
import { Comment, Question } from './survey-page.tsx'

export interface KioskPageProps {
  t: Translate
  lang: string
  code: string
  survey: SurveyDefinition
  /** The one-tap question (kioskQuestion of the survey). */
  question: Item
  unitName: string
  label: string
  responseId: string
  timing: { pollMs: number; returnMs: number; idleMs: number }
}

export function KioskPage(p: KioskPageProps) {
  const { t, lang, survey, question } = p
  const faces = FACES[question.type] ?? {}
  const rest = survey.sections.flatMap((s) => s.items).filter((i) => i !== question)
  const messages = {
    queue: t('kiosk.queue', { count: '{count}' }),
    paired: t('kiosk.paired'),
    unpaired: t('kiosk.unpaired', { code: '{code}' }),
    pairing: t('kiosk.pairing_wait'),
  }
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b4f8a" />
        <title>{`${local(survey.title, lang)} — ${p.unitName}`}</title>
        <link rel="icon" href="data:," />
        <link rel="manifest" href={`/k/${p.code}/manifest.webmanifest${lang === 'vi' ? '' : `?lang=${lang}`}`} />
        <link rel="stylesheet" href="/k/kiosk.css" />
        <script src="/static/kiosk.js" defer />
      </head>
      <body class="kiosk">
        <header>
          <p>
            <span class="unit">{p.unitName}</span>
            <br />
            <span class="where">{p.label}</span>
          </p>
        </header>
        <main>
          <LanguageLinks langs={survey.languages} current={lang} href={(l) => `/k/${p.code}?lang=${l}`} t={t} />
          <form
            method="post"
            action={`/s/${p.code}`}
            autoComplete="off"
            data-kiosk={p.code}
            data-poll-ms={p.timing.pollMs}
            data-return-ms={p.timing.returnMs}
            data-idle-ms={p.timing.idleMs}
          >
            <input type="hidden" name="id" value={p.responseId} />
            <input type="hidden" name="lang" value={lang} />
            <fieldset class="k-start" id={`q-${question.code}`}>
              <legend>
                <h1>{local(question.text, lang)}</h1>
              </legend>
              <p class="note">{t('survey.anonymous')}</p>
              <div class="k-faces">
                {question.options!.map((o) => (
                  <label class="k-face">
                    <input type="radio" name={question.code} value={String(o.value)} required />
                    {faces[o.value] ? (
                      <span class="face" aria-hidden="true">
                        {faces[o.value]}
                      </span>
                    ) : null}
                    <span>{local(o.label, lang)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <section class="k-more" aria-labelledby="k-more">
              <h2 id="k-more">{t('kiosk.more')}</h2>
              {rest.map((item) => (
                <Question item={item} lang={lang} t={t} value={undefined} error={undefined} />
              ))}
              <Comment t={t} value={undefined} error={undefined} />
              <p class="hint k-auto" hidden>
                {t('kiosk.auto_send', { seconds: Math.round(p.timing.idleMs / 1000) })}
              </p>
              <button type="submit">{t('survey.submit')}</button>
            </section>
          </form>
          <section class="k-thanks" hidden tabIndex={-1} aria-labelledby="k-thanks">
            <h2 id="k-thanks">{t('thanks.title')}</h2>
            <p>{t('kiosk.thanks')}</p>
          </section>
        </main>
        <footer class="k-staff" aria-label={t('kiosk.staff')}>
          <span class="k-pairing" role="status" />
          <span class="k-queue" role="status" />
          <button type="button" class="secondary" data-fullscreen hidden>
            {t('kiosk.fullscreen')}
          </button>
          <script type="application/json" id="kiosk-messages" dangerouslySetInnerHTML={{ __html: JSON.stringify(messages).replace(/</g, '\\u003c') }} />
        </footer>
      </body>
    </html>
  )
}
