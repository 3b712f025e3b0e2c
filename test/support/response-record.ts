/**
 * A response as the write path stores it, for tests that need stored
 * responses of a given day or touchpoint without sending them over HTTP
 * (the server's writer, or recordResponses in a transaction).
 */
import { randomUUID } from 'node:crypto'
import type { Answers } from '../../server/domain/survey-types.ts'
import type { ResponseRecord } from '../../server/store/record-responses.ts'

export interface RecordTouchpoint {
  id: number
  unit: number
  service?: number | null
  /** The instrument; counter-rating unless given. */
  survey?: string
}

/** A fresh response (new id and body) of `day`, received at 03:00 UTC, version 1 of its instrument, by the API, in Vietnamese; `more` overrides any field. */
export function responseRecord(tp: RecordTouchpoint, day: string, answers: Answers, more: Partial<ResponseRecord> = {}): ResponseRecord {
  return {
    uid: randomUUID(),
    touchpointId: tp.id,
    unitId: tp.unit,
    serviceId: tp.service ?? null,
    surveyId: tp.survey ?? 'counter-rating',
    surveyVersion: 1,
    channel: 'api',
    lang: 'vi',
    day,
    receivedAt: `${day}T03:00:00.000Z`,
    bodyHash: randomUUID(),
    comment: null,
    answers,
    ...more,
  }
}
