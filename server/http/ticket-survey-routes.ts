/**
 * The citizen's side of a one-time ticket: /t/{code} shows the survey of the
 * ticket's touchpoint and takes the answer, once (409 ticket_used after, 410
 * ticket_expired when too late, 404 ticket_not_found), marked verified; the
 * same response sent again (same id, same body) stays a harmless 200 replay.
 * /t/{code}.svg and .png are the QR codes to print on the receipt.
 */
import { randomUUID } from 'node:crypto'
import { Hono, type Context } from 'hono'
import QRCode from 'qrcode'
import { AppError, type FieldProblem } from '../errors.ts'
import { normaliseResponseId, submitResponse } from '../responses/submit-response.ts'
import { assertOpen, findTicket, TICKET_CODE_LENGTH, type TicketView } from '../store/tickets.ts'
import { getTouchpoint, type TouchpointView } from '../store/touchpoints.ts'
import { CATALOGUES, DEFAULT_LANG, translator } from '../../web/i18n/messages.ts'
import { renderPage } from '../../web/pages/render.ts'
import { HONEYPOT_FIELD, SurveyPage } from '../../web/pages/survey-page.tsx'
import { TicketThanksPage } from '../../web/pages/ticket-thanks-page.tsx'
import type { AppDeps, AppEnv } from './context.ts'
import { wantsJson } from './on-error.ts'
import { guardSubmission } from './rate-limit.ts'
import { readBody, requireContentType } from './read-body.ts'

const RESERVED = new Set(['id', 'lang', 'comment', HONEYPOT_FIELD])
const CODE = `{[A-Za-z0-9]{${TICKET_CODE_LENGTH}}}`

export function ticketSurveyRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  const ticketOf = async (raw: string): Promise<{ ticket: TicketView; tp: TouchpointView }> => {
    const ticket = await findTicket(deps.db, raw.toLowerCase())
    const tp = ticket && (await getTouchpoint(deps.db, ticket.touchpoint_id))
    if (!ticket || !tp) throw new AppError(404, 'ticket_not_found')
    return { ticket, tp }
  }

  const pageLang = (c: Context<AppEnv>, tp: TouchpointView, asked?: string | null) => {
    const langs = deps.surveys.get(tp.survey_id)?.languages ?? ['vi']
    const lang = asked && langs.includes(asked) && CATALOGUES[asked] ? asked : DEFAULT_LANG
    c.set('lang', lang)
    c.set('t', translator(lang))
    return lang
  }

  const page = (c: Context<AppEnv>, ticket: TicketView, tp: TouchpointView, lang: string, extra: { id: string; values?: Record<string, string>; errors?: FieldProblem[] }) => {
    const survey = deps.surveys.get(tp.survey_id)
    if (!survey) throw new AppError(404, 'survey_not_found')
    const label = c.get('t')('integration.ticket.label')
    return renderPage(SurveyPage({ t: c.get('t'), lang, code: tp.code, action: `/t/${ticket.code}`, survey, unitName: tp.unit_name, serviceName: tp.service_name, label, responseId: extra.id, values: extra.values, errors: extra.errors }))
  }

  app.get(`/t/:file{[A-Za-z0-9]{${TICKET_CODE_LENGTH}}\\.(svg|png)}`, async (c) => {
    const [raw, ext] = c.req.param('file').split('.') as [string, string]
    const { ticket } = await ticketOf(raw)
    const url = `${deps.config.publicUrl}/t/${ticket.code}`
    c.header('cache-control', 'private, max-age=86400')
    if (ext === 'svg') return c.body(await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }), 200, { 'content-type': 'image/svg+xml; charset=utf-8' })
    const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 })
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' })
  })

  app.get(`/t/:code${CODE}`, async (c) => {
    const { ticket, tp } = await ticketOf(c.req.param('code'))
    const lang = pageLang(c, tp, c.req.query('lang'))
    assertOpen(ticket)
    c.header('cache-control', 'no-store')
    return c.html(page(c, ticket, tp, lang, { id: randomUUID() }))
  })

  app.post(`/t/:code${CODE}`, async (c) => {
    const { ticket, tp } = await ticketOf(c.req.param('code'))
    requireContentType(c, 'application/x-www-form-urlencoded')
    const form = new URLSearchParams(await readBody(c))
    const lang = pageLang(c, tp, form.get('lang'))
    const uid = normaliseResponseId(form.get('id'))
    if (!uid) throw new AppError(422, 'invalid_id')
    // The response that took the ticket, sent again, is a replay (200): idempotency comes before the one-time rule.
    if (!(await isTicketResponse(ticket, uid))) assertOpen(ticket)
    const answers: Record<string, unknown> = Object.create(null)
    const values: Record<string, string> = Object.create(null)
    for (const key of new Set(form.keys())) {
      const all = form.getAll(key)
      values[key] = all[0]!
      if (!RESERVED.has(key)) answers[key] = all.length > 1 ? all : all[0]
    }
    const json = wantsJson(c)
    const clientKey = await guardSubmission(c, deps, tp)
    try {
      const out = await submitResponse(deps, { uid, touchpoint: tp, answers, comment: form.get('comment'), channel: json ? 'web' : 'form', lang, clientKey, honeypot: !!form.get(HONEYPOT_FIELD), ticketId: ticket.id }, c.get('t'))
      if (json) return c.json({ id: out.uid, verified: true }, out.status === 'created' ? 201 : 200)
      return c.redirect(`/t/${ticket.code}/thanks?lang=${lang}`, 303)
    } catch (err) {
      if (json || !(err instanceof AppError) || err.code !== 'invalid_answers') throw err
      return c.html(page(c, ticket, tp, lang, { id: uid, values, errors: (err.details.fields as FieldProblem[]) ?? [] }), 422)
    }
  })

  app.get(`/t/:code${CODE}/thanks`, async (c) => {
    const { tp } = await ticketOf(c.req.param('code'))
    const lang = pageLang(c, tp, c.req.query('lang'))
    return c.html(renderPage(TicketThanksPage({ t: c.get('t'), lang, unitName: tp.unit_name })))
  })

  /** Whether this response id is the one that took the ticket. */
  async function isTicketResponse(ticket: TicketView, uid: string): Promise<boolean> {
    if (!ticket.used_at) return false
    const row = await deps.db.selectFrom('tickets as k').innerJoin('responses as r', 'r.id', 'k.response_id').select('r.uid').where('k.id', '=', ticket.id).executeTakeFirst()
    return row?.uid === uid
  }

  return app
}
