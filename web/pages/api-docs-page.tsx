/**
 * /api/docs: the OpenAPI document read by people. Every operation, grouped by
 * the first part of its path, with who may call it and a curl example; the
 * explanations in the page's language (?lang=vi|en). No script: it is a
 * page of text and tables.
 */
import type { MessageKey, Translate } from '../i18n/messages.ts'
import { StaffLayout, type StaffUser } from './staff-layout.tsx'

export interface DocOperation {
  method: string
  path: string
  summary: string
  auth: 'public' | 'session' | 'bearer'
  params: { name: string; in: string; description: string }[]
  curl: string
}

export interface DocGroup {
  key: string
  operations: DocOperation[]
}

export function ApiDocsPage(p: { t: Translate; lang: string; user: StaffUser | null; groups: DocGroup[]; publicUrl: string }) {
  const { t } = p
  const other = p.lang === 'vi' ? 'en' : 'vi'
  return (
    <StaffLayout t={t} lang={p.lang} title={t('integration.docs.title')} user={p.user}>
      <p class="lang">
        <a href={`/api/docs?lang=${other}`} hreflang={other} lang={other}>
          {other === 'en' ? 'English' : 'Tiếng Việt'}
        </a>
      </p>
      <h1>{t('integration.docs.title')}</h1>
      <p>{t('integration.docs.intro')}</p>
      <p>
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> — {t('integration.docs.machine')}
      </p>
      <h2>{t('integration.docs.auth_title')}</h2>
      <ul>
        <li>{t('integration.docs.auth_public')}</li>
        <li>{t('integration.docs.auth_session')}</li>
        <li>{t('integration.docs.auth_bearer')}</li>
      </ul>
      <h2>{t('integration.docs.flow_title')}</h2>
      <ol>
        <li>{t('integration.docs.flow_client')}</li>
        <li>{t('integration.docs.flow_ticket')}</li>
        <li>{t('integration.docs.flow_answer')}</li>
        <li>{t('integration.docs.flow_counts')}</li>
        <li>{t('integration.docs.flow_webhooks')}</li>
      </ol>
      <pre class="curl">{`# ${t('integration.docs.verify_title')}
signed = base64(HMAC_SHA256(base64decode(secret without "whsec_"), webhook-id + "." + webhook-timestamp + "." + body))
webhook-signature == "v1," + signed`}</pre>
      <h2>{t('integration.docs.errors_title')}</h2>
      <p>{t('integration.docs.errors')}</p>
      <nav aria-label={t('integration.docs.contents')}>
        <ul class="doc-toc">
          {p.groups.map((g) => (
            <li>
              <a href={`#g-${g.key}`}>{g.key}</a>
            </li>
          ))}
        </ul>
      </nav>
      {p.groups.map((g) => (
        <section id={`g-${g.key}`}>
          <h2>{g.key}</h2>
          {g.operations.map((op) => (
            <article class="op">
              <h3>
                <code>
                  {op.method} {op.path}
                </code>
              </h3>
              <p>{op.summary}</p>
              <p class="hint">{t(`integration.docs.who.${op.auth}` as MessageKey)}</p>
              {op.params.length ? (
                <table>
                  <tbody>
                    {op.params.map((x) => (
                      <tr>
                        <td>
                          <code>{x.name}</code>
                        </td>
                        <td>{x.in}</td>
                        <td>{x.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              <pre class="curl">{op.curl}</pre>
            </article>
          ))}
        </section>
      ))}
    </StaffLayout>
  )
}
