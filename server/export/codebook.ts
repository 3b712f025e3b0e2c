/**
 * The codebook of a responses export: every column with its meaning, the
 * item's text in Vietnamese and English, and for coded items every answer
 * code with its labels and whether it is excluded from the index (e.g. 0
 * "no opinion") or counts as satisfied. Enough to re-analyse the file in
 * Excel, R or SPSS without the platform.
 */
import { findItem, type SurveyDefinition } from '../domain/survey-types.ts'
import { translator, type MessageKey } from '../../web/i18n/messages.ts'
import type { Cell } from './csv-writer.ts'
import type { ResponseColumn } from './response-columns.ts'
import type { SheetColumn } from './xlsx-stream.ts'

export const CODEBOOK_COLUMNS: SheetColumn[] = [
  { header: 'column', width: 18 },
  { header: 'section', width: 10 },
  { header: 'type', width: 10 },
  { header: 'text_vi', width: 70 },
  { header: 'text_en', width: 70 },
  { header: 'code', format: 'int' },
  { header: 'label_vi', width: 36 },
  { header: 'label_en', width: 36 },
  { header: 'excluded', format: 'int' },
  { header: 'satisfied', format: 'int' },
]

const vi = translator('vi')
const en = translator('en')

export function* codebookRows(def: SurveyDefinition, columns: ResponseColumn[]): Generator<Cell[]> {
  for (const col of columns) {
    const d = col.describe
    if (d.kind === 'field' || d.kind === 'comment') {
      const key = (d.kind === 'comment' ? 'exports.col.comment' : `exports.col.${d.key}`) as MessageKey
      yield [col.header, null, d.kind === 'comment' ? 'text' : 'field', vi(key), en(key), null, null, null, null, null]
      continue
    }
    const item = findItem(def, d.code)
    if (!item) continue
    const section = def.sections.find((s) => s.items.includes(item))?.code ?? null
    yield [col.header, section, item.type, item.text.vi, item.text.en, null, null, null, null, null]
    for (const o of item.options ?? []) {
      yield [col.header, section, item.type, null, null, o.value, o.label.vi, o.label.en, item.excluded?.includes(o.value) ? 1 : 0, item.satisfied?.includes(o.value) ? 1 : 0]
    }
  }
}
