/**
 * CSV as Excel reads Vietnamese text: UTF-8 with a byte-order mark, CRLF
 * records, RFC 4180 quoting. Survey answers are typed by citizens, so a cell
 * that a spreadsheet would run as a formula (starting with = + - @ tab or CR)
 * gets a leading single quote (OWASP "CSV injection"); the codebook says so.
 * Numbers are written as numbers and never prefixed: −0.5 stays a number.
 */

export const BOM = '\uFEFF'

export type Cell = string | number | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/

/** One field: numbers as they are, text protected against formulas and quoted when it must be. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const csvLine = (cells: readonly Cell[]) => `${cells.map(csvField).join(',')}\r\n`

/**
 * Groups lines into chunks of about `size` characters, so a million rows make
 * a few thousand writes, not a million.
 */
export async function* chunked(lines: AsyncIterable<string> | Iterable<string>, size = 64 * 1024): AsyncGenerator<string> {
  let buf = ''
  for await (const line of lines) {
    buf += line
    if (buf.length >= size) {
      yield buf
      buf = ''
    }
  }
  if (buf) yield buf
}

/** A CSV file: BOM, header, rows. */
export async function* csvFile(header: readonly string[], rows: AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>): AsyncGenerator<string> {
  yield BOM + csvLine(header)
  yield* chunked(
    (async function* () {
      for await (const r of rows) yield csvLine(r)
    })(),
  )
}
