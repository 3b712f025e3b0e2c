/**
 * A list of units to import, read from CSV: a header row naming the columns
 * code,name,type,sector,parent_code (in any order), then one unit a row. A
 * parent is named by its official code, either already in the database or on
 * an earlier row. This module checks what the file alone can tell; the store
 * checks the codes against the database.
 */
import { parseCsv } from './csv.ts'
import { SECTORS, type Sector } from './survey-types.ts'

export const UNIT_CSV_COLUMNS = ['code', 'name', 'type', 'sector', 'parent_code'] as const
type Column = (typeof UNIT_CSV_COLUMNS)[number]

export interface CsvUnit {
  line: number
  code: string
  name: string
  type: string
  sector: Sector | null
  parentCode: string | null
  /** The parent is on an earlier row; otherwise it must already be in the database. */
  parentInFile: boolean
}

export type CsvProblemCode =
  | 'unclosed_quote'
  | 'stray_quote'
  | 'missing_column'
  | 'unknown_column'
  | 'empty_file'
  | 'field_count'
  | 'required'
  | 'too_long'
  | 'invalid_sector'
  | 'duplicate_code'
  | 'code_taken'
  | 'parent_not_found'

export interface CsvProblem {
  line: number
  field: string
  code: CsvProblemCode
}

const LIMITS: Record<Column, number> = { code: 40, name: 200, type: 40, sector: 40, parent_code: 40 }

export function readUnitCsv(text: string): { units: CsvUnit[]; problems: CsvProblem[] } {
  const parsed = parseCsv(text)
  if (!parsed.ok) return { units: [], problems: [{ line: parsed.line, field: '', code: parsed.problem }] }
  const [header, ...rows] = parsed.records
  if (!header) return { units: [], problems: [{ line: 1, field: '', code: 'empty_file' }] }
  const names = header.fields.map((f) => f.trim().toLowerCase())
  const problems: CsvProblem[] = []
  for (const n of names) if (!(UNIT_CSV_COLUMNS as readonly string[]).includes(n)) problems.push({ line: header.line, field: n, code: 'unknown_column' })
  for (const col of ['code', 'name', 'type'] as const) if (!names.includes(col)) problems.push({ line: header.line, field: col, code: 'missing_column' })
  if (problems.length) return { units: [], problems }

  const units: CsvUnit[] = []
  const seen = new Set<string>()
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      problems.push({ line: row.line, field: '', code: 'field_count' })
      continue
    }
    const get = (col: Column) => {
      const at = names.indexOf(col)
      return at < 0 ? '' : row.fields[at]!.trim()
    }
    const before = problems.length
    for (const col of UNIT_CSV_COLUMNS) if (get(col).length > LIMITS[col]) problems.push({ line: row.line, field: col, code: 'too_long' })
    for (const col of ['code', 'name', 'type'] as const) if (!get(col)) problems.push({ line: row.line, field: col, code: 'required' })
    const sector = get('sector')
    if (sector && !(SECTORS as readonly string[]).includes(sector)) problems.push({ line: row.line, field: 'sector', code: 'invalid_sector' })
    const code = get('code')
    if (code && seen.has(code)) problems.push({ line: row.line, field: 'code', code: 'duplicate_code' })
    const parentCode = get('parent_code') || null
    const parentInFile = parentCode !== null && seen.has(parentCode)
    if (code) seen.add(code)
    if (problems.length === before) units.push({ line: row.line, code, name: get('name'), type: get('type'), sector: (sector || null) as Sector | null, parentCode, parentInFile })
  }
  return { units, problems }
}
