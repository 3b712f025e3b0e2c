/**
 * What the server's thread and the SQLite write thread say to each other.
 * Outcomes cross as they are; errors cross as data, because a thrown
 * AppError (a used ticket, say) must reach the route as the same 4xx.
 */
import type { VolumeRules } from '../domain/flag-rules.ts'
import { AppError } from '../errors.ts'
import type { RecordOutcome, ResponseRecord } from './record-responses.ts'
import type { Settled } from './response-writer.ts'

export interface WriteThreadData {
  dataDir: string
  surveysDir: string
  volume: VolumeRules | null
  busyTimeoutMs: number
}

type WireError = { app: { status: AppError['status']; code: string; params: AppError['params']; details: AppError['details'] } } | { message: string }
export type WireSettled = { ok: true; outcome: RecordOutcome } | { ok: false; error: WireError }

export type ToWriter = { kind: 'commit'; seq: number; recs: ResponseRecord[] } | { kind: 'webhooks-changed' } | { kind: 'close' }
export type FromWriter = { kind: 'ready' } | { kind: 'failed'; message: string } | { kind: 'done'; seq: number; settled: WireSettled[] }

export function toWire(s: Settled): WireSettled {
  if (s.ok) return s
  const e = s.error
  return { ok: false, error: e instanceof AppError ? { app: { status: e.status, code: e.code, params: e.params, details: e.details } } : { message: e instanceof Error ? e.message : String(e) } }
}

export function fromWire(s: WireSettled): Settled {
  if (s.ok) return s
  const e = s.error
  return { ok: false, error: 'app' in e ? new AppError(e.app.status, e.app.code, e.app.params, e.app.details) : new Error(e.message) }
}
