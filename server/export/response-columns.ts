/**
 * The columns of a responses export: where and when (the day only), then one
 * column per item in the questionnaire's order holding the answer's code,
 * then, only when asked for, the free texts masked (mask-pii.ts). The
 * codebook (codebook.ts) describes each column.
 */
import { allItems, type SurveyDefinition } from '../domain/survey-types.ts'
import type { Cell } from './csv-writer.ts'
import type { ResponseContext } from './read-responses.ts'
import type { ColumnFormat } from './xlsx-stream.ts'

export interface Lookups {
  units: Map<number, { code: string | null; name: string }>
  touchpoints: Map<number, { code: string; label: string }>
  services: Map<number, { code: string | null; name: string }>
}

/**
 * Where a column's cells come from. A writer computes a constant once, a
 * day's value once a day and a context's value once per distinct context
 * (response-rows.ts), so a million rows cost little more than their answers.
 */
export type CellSource =
  | { from: 'row' }
  | { from: 'constant'; value: Cell }
  | { from: 'day'; value(day: string): Cell }
  | { from: 'context'; value(c: ResponseContext): Cell }
  /** The item's numeric answer (a text answer gives an empty cell). */
  | { from: 'number'; item: string }
  /** The item's text answer, masked (mask-pii.ts). */
  | { from: 'text'; item: string }
  /** The comment, masked. */
  | { from: 'comment' }

export interface ResponseColumn {
  header: string
  format?: ColumnFormat
  /** For the codebook: what the column holds (a catalogue key or an item code). */
  describe: { kind: 'field'; key: string } | { kind: 'item'; code: string } | { kind: 'comment' }
  source: CellSource
}

export interface ColumnOptions {
  comments: boolean
  status: boolean
}

const field = (header: string, source: CellSource, format?: ColumnFormat): ResponseColumn => ({ header, format, describe: { kind: 'field', key: header }, source })
const context = (value: (c: ResponseContext) => Cell): CellSource => ({ from: 'context', value })

export function responseColumns(def: SurveyDefinition, look: Lookups, opts: ColumnOptions): ResponseColumn[] {
  const cols: ResponseColumn[] = [
    field('row', { from: 'row' }, 'int'),
    field('day', { from: 'day', value: (day) => day }),
    field('unit_id', context((c) => c.unit_id), 'int'),
    field('unit_code', context((c) => look.units.get(c.unit_id)?.code ?? null)),
    field('unit_name', context((c) => look.units.get(c.unit_id)?.name ?? null)),
    field('touchpoint_code', context((c) => look.touchpoints.get(c.touchpoint_id)?.code ?? null)),
    field('touchpoint_label', context((c) => look.touchpoints.get(c.touchpoint_id)?.label ?? null)),
    field('service_id', context((c) => c.service_id), 'int'),
    field('service_name', context((c) => (c.service_id === null ? null : (look.services.get(c.service_id)?.name ?? null)))),
    field('channel', context((c) => c.channel)),
    field('lang', context((c) => c.lang)),
    field('survey_version', context((c) => c.survey_version), 'int'),
    field('verified', context((c) => (c.verified ? 1 : 0)), 'int'),
  ]
  if (opts.status) cols.push(field('status', context((c) => c.status)))
  for (const item of allItems(def)) {
    if (item.type === 'text') {
      if (opts.comments) cols.push({ header: item.code, describe: { kind: 'item', code: item.code }, source: { from: 'text', item: item.code } })
      continue
    }
    cols.push({ header: item.code, format: item.type === 'number' ? 'num' : 'int', describe: { kind: 'item', code: item.code }, source: { from: 'number', item: item.code } })
  }
  if (opts.comments) cols.push({ header: 'comment', describe: { kind: 'comment' }, source: { from: 'comment' } })
  return cols
}
