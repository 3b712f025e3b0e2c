/**
 * A responses export: one row per response, coded answers, streamed from
 * the database into the file (read-responses.ts → CSV or XLSX) without ever
 * holding the file. CSV files are the rows alone (the codebook is its own
 * download); an XLSX file carries the rows, the codebook and the method.
 */
import type { Kysely } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import type { SurveyDefinition } from '../domain/survey-types.ts'
import { listServices } from '../store/services.ts'
import { listTouchpoints } from '../store/touchpoints.ts'
import { listSubtree } from '../store/units.ts'
import type { Translate } from '../../web/i18n/messages.ts'
import { CODEBOOK_COLUMNS, codebookRows } from './codebook.ts'
import { BOM, CsvBytes, csvFile, csvLine, type Cell } from './csv-writer.ts'
import { methodSheet, type MethodInfo } from './method-sheet.ts'
import { mohColumns } from './moh-layout.ts'
import { readResponseDays, type ResponseScope } from './read-responses.ts'
import { responseColumns, type Lookups, type ResponseColumn } from './response-columns.ts'
import { fieldsOf, ResponseRows } from './response-rows.ts'
import { xlsxStream } from './xlsx-stream.ts'

export type ResponseLayout = 'standard' | 'moh'

export async function lookups(db: Kysely<Database>, unit: Unit): Promise<Lookups> {
  const [units, tps, services] = await Promise.all([listSubtree(db, unit), listTouchpoints(db, unit.path), listServices(db)])
  return {
    units: new Map(units.map((u) => [u.id, { code: u.code, name: u.name }])),
    touchpoints: new Map(tps.map((t) => [t.id, { code: t.code, label: t.label }])),
    services: new Map(services.map((s) => [s.id, { code: s.code, name: s.name }])),
  }
}

/** The columns, or null when the instrument has no Ministry layout. */
export function columnsFor(def: SurveyDefinition, look: Lookups, layout: ResponseLayout, opts: { comments: boolean; status: boolean }): ResponseColumn[] | null {
  return layout === 'moh' ? mohColumns(def, look, opts.comments) : responseColumns(def, look, opts)
}

/** Rows as cells; `counter.rows` grows as they pass, for the export log. */
async function* cells(db: Kysely<Database>, scope: ResponseScope, cols: ResponseColumn[], counter: { rows: number }): AsyncGenerator<Cell[]> {
  const rows = new ResponseRows(cols)
  for await (const day of readResponseDays(db, scope, fieldsOf(cols))) yield* rows.cells(day, counter)
}

/** The CSV file, as UTF-8 chunks: a day is read, encoded and handed on before the next day is read. */
export async function* responsesCsv(db: Kysely<Database>, scope: ResponseScope, cols: ResponseColumn[], counter: { rows: number }): AsyncGenerator<Uint8Array> {
  const out = new CsvBytes()
  out.text(BOM + csvLine(cols.map((c) => c.header)))
  const rows = new ResponseRows(cols)
  for await (const day of readResponseDays(db, scope, fieldsOf(cols))) {
    rows.csv(day, counter, out)
    yield* out.take()
  }
  const rest = out.rest()
  if (rest) yield rest
}

export function responsesXlsx(t: Translate, db: Kysely<Database>, def: SurveyDefinition, scope: ResponseScope, cols: ResponseColumn[], method: MethodInfo, counter: { rows: number }): AsyncGenerator<Uint8Array> {
  return xlsxStream([
    { name: t('exports.sheet.responses'), columns: cols.map((c) => ({ header: c.header, format: c.format })), rows: cells(db, scope, cols, counter) },
    { name: t('exports.sheet.codebook'), columns: CODEBOOK_COLUMNS, rows: codebookRows(def, cols) },
    methodSheet(t, method),
  ])
}

export function codebookCsv(def: SurveyDefinition, cols: ResponseColumn[]): AsyncGenerator<string> {
  return csvFile(CODEBOOK_COLUMNS.map((c) => c.header), codebookRows(def, cols))
}
