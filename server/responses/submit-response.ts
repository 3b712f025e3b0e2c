/**
 * One citizen submission, from either channel: validate against the
 * touchpoint's survey, fingerprint the normalised body, and hand it to the
 * group-committing writer. The same id with the same body is a replay (200,
 * counted once); the same id with another body is a conflict (409).
 * Free texts are masked (mask-pii.ts) before anything is stored or hashed:
 * the raw text is never written. Rules the submission itself breaks
 * (honeypot, off-hours) flag it; the 201 looks the same either way.
 */
import { hash } from 'node:crypto'
import { localDay } from '../domain/local-day.ts'
import type { FlagRule } from '../domain/flag-rules.ts'
import { maskPii } from '../domain/mask-pii.ts'
import { isOffHours } from '../domain/opening-hours.ts'
import { validateSubmission, type Problem } from '../domain/validate-submission.ts'
import type { Answers } from '../domain/survey-types.ts'
import { AppError, type FieldProblem } from '../errors.ts'
import type { ResponseWriter } from '../store/response-writer.ts'
import type { TouchpointView } from '../store/touchpoints.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import type { MessageKey, Translate } from '../../web/i18n/messages.ts'

export interface SubmissionInput {
  uid: string
  touchpoint: TouchpointView
  answers: Record<string, unknown>
  comment: unknown
  channel: 'form' | 'web' | 'api' | 'kiosk'
  lang: string
  receivedAt?: Date
  /** The client's keyed hash of the day (http/rate-limit.ts), for the burst rule. */
  clientKey?: string | null
  /** The form's hidden field was filled: a robot. */
  honeypot?: boolean
  /** Sent from a shared tablet (a paired kiosk): no burst rule. */
  shared?: boolean
  /** Answered through a one-time ticket (store/tickets.ts): verified, and the ticket is taken with it. */
  ticketId?: number
}

export type SubmitOutcome = { status: 'created' | 'replayed'; uid: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Response ids are UUIDs (any version), compared in lower case. */
export function normaliseResponseId(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const id = raw.trim().toLowerCase()
  return UUID.test(id) ? id : null
}

export function problemMessages(problems: Problem[], t: Translate): FieldProblem[] {
  return problems.map((p) => ({ field: p.field, code: p.code, message: t(`problem.${p.code}` as MessageKey, { limit: p.limit ?? '' }) }))
}

/** A stable fingerprint: answers in code order, so key order in the JSON does not matter. */
export function bodyHash(touchpointCode: string, answers: Answers, comment: string | null): string {
  const sorted = Object.keys(answers)
    .sort()
    .map((k) => [k, answers[k]])
  return hash('sha256', JSON.stringify([touchpointCode, sorted, comment]), 'base64url')
}

export async function submitResponse(deps: { surveys: SurveyCatalogue; writer: ResponseWriter }, input: SubmissionInput, t: Translate): Promise<SubmitOutcome> {
  const def = deps.surveys.get(input.touchpoint.survey_id)
  if (!def) throw new AppError(404, 'survey_not_found')
  const checked = validateSubmission(def, input.answers, input.comment)
  if (!checked.ok) {
    const fields = problemMessages(checked.problems, t)
    throw new AppError(422, 'invalid_answers', { count: fields.length }, { fields })
  }
  const answers = maskTexts(checked.value.answers)
  const comment = checked.value.comment === null ? null : maskPii(checked.value.comment)
  const at = input.receivedAt ?? new Date()
  const flags: FlagRule[] = []
  if (isOffHours(input.touchpoint.unit_opening_hours, at)) flags.push('off_hours')
  if (input.honeypot) flags.push('honeypot')
  const outcome = await deps.writer.write({
    uid: input.uid,
    touchpointId: input.touchpoint.id,
    unitId: input.touchpoint.unit_id,
    serviceId: input.touchpoint.service_id,
    surveyId: def.id,
    surveyVersion: def.version,
    channel: input.channel,
    lang: input.lang,
    day: localDay(at),
    receivedAt: at.toISOString(),
    bodyHash: bodyHash(input.touchpoint.code, answers, comment),
    comment,
    answers,
    clientKey: input.clientKey ?? null,
    flags,
    sharedDevice: !!input.shared || input.touchpoint.rate_limit_per_minute != null,
    ticketId: input.ticketId ?? null,
  })
  if (outcome.status === 'conflict') throw new AppError(409, 'id_conflict')
  return { status: outcome.status, uid: input.uid }
}

/** Text answers masked like comments; numbers as they are. */
function maskTexts(answers: Answers): Answers {
  const out: Answers = {}
  for (const [k, v] of Object.entries(answers)) out[k] = typeof v === 'string' ? maskPii(v) : v
  return out
}
