/**
 * The columns of a responses export: where and when (the day only), then one
 * column per item in the questionnaire's order holding the answer's code,
 * then, only when asked for, the free texts masked (mask-pii.ts). The
 * codebook (codebook.ts) describes each column.
 */
import { maskPii } from '../domain/mask-pii.ts'
import { allItems, type SurveyDefinition } from '../domain/survey-types.ts'
import type { Cell } from './csv-writer.ts'
import type { ResponseRecord } from './read-responses.ts'
import type { ColumnFormat } from './xlsx-stream.ts'

export interface Lookups {
  units: Map<number, { code: string | null; name: string }>
  touchpoints: Map<number, { code: string; label: string }>
  services: Map<number, { code: string | null; name: string }>
}

export interface ResponseColumn {
  header: string
  format?: ColumnFormat
  /** For the codebook: what the column holds (a catalogue key or an item code). */
  describe: { kind: 'field'; key: string } | { kind: 'item'; code: string } | { kind: 'comment' }
  value(r: ResponseRecord, rowNumber: number): Cell
}

export interface ColumnOptions {
  comments: boolean
  status: boolean
}

const field = (header: string, value: ResponseColumn['value'], format?: ColumnFormat): ResponseColumn => ({ header, format, describe: { kind: 'field', key: header }, value })

export function responseColumns(def: SurveyDefinition, look: Lookups, opts: ColumnOptions): ResponseColumn[] {
  const cols: ResponseColumn[] = [
    field('row', (_r, n) => n, 'int'),
    field('day', (r) => r.day),
    field('unit_id', (r) => r.unit_id, 'int'),
    field('unit_code', (r) => look.units.get(r.unit_id)?.code ?? null),
    field('unit_name', (r) => look.units.get(r.unit_id)?.name ?? null),
    field('touchpoint_code', (r) => look.touchpoints.get(r.touchpoint_id)?.code ?? null),
    field('touchpoint_label', (r) => look.touchpoints.get(r.touchpoint_id)?.label ?? null),
    field('service_id', (r) => r.service_id, 'int'),
    field('service_name', (r) => (r.service_id === null ? null : (look.services.get(r.service_id)?.name ?? null))),
    field('channel', (r) => r.channel),
    field('lang', (r) => r.lang),
    field('survey_version', (r) => r.survey_version, 'int'),
    field('verified', (r) => (r.verified ? 1 : 0), 'int'),
  ]
  if (opts.status) cols.push(field('status', (r) => r.status))
  for (const item of allItems(def)) {
    if (item.type === 'text') {
      if (opts.comments) cols.push({ header: item.code, describe: { kind: 'item', code: item.code }, value: (r) => maskedText(r.answers[item.code]) })
      continue
    }
    cols.push({ header: item.code, format: item.type === 'number' ? 'num' : 'int', describe: { kind: 'item', code: item.code }, value: (r) => numeric(r.answers[item.code]) })
  }
  if (opts.comments) cols.push({ header: 'comment', describe: { kind: 'comment' }, value: (r) => maskedText(r.comment) })
  return cols
}

const numeric = (v: number | string | undefined): Cell => (typeof v === 'number' ? v : null)
const maskedText = (v: number | string | null | undefined): Cell => (typeof v === 'string' && v ? maskPii(v) : null)
