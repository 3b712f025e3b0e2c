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

const COMMA = 0x2c
const CR = 0x0d
const LF = 0x0a
const ZERO = 0x30

/**
 * CSV written straight into UTF-8 bytes, handed out in chunks of `size`
 * bytes (a record may span two chunks). The same bytes as csvField and
 * csvLine give, without building a string per row and encoding it again:
 * for a million rows that is most of the time spent outside the database
 * (issue #6). Text that repeats (a context's cells) is encoded once by the
 * caller and copied in with bytes().
 */
export class CsvBytes {
  private buf: Buffer
  private off = 0
  private full: Uint8Array[] = []

  constructor(private readonly size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size)
  }

  /** Text already in CSV form (quoted where it must be). */
  text(s: string): void {
    this.room(s.length * 3)
    this.off += this.buf.write(s, this.off, 'utf8')
  }

  /** Bytes already in CSV form. */
  bytes(b: Uint8Array): void {
    this.room(b.length)
    this.buf.set(b, this.off)
    this.off += b.length
  }

  /** One field, as csvField writes it. */
  field(value: Cell): void {
    if (typeof value === 'number') this.number(value)
    else if (value !== null && value !== undefined) this.text(csvField(value))
  }

  /** A number, as csvField writes it; whole numbers digit by digit. */
  number(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) return this.text(csvField(n))
    let digits = 1
    for (let m = n; m >= 10; m = (m - (m % 10)) / 10) digits++
    this.room(digits)
    let at = (this.off += digits)
    do {
      const d = n % 10
      this.buf[--at] = ZERO + d
      n = (n - d) / 10
    } while (n > 0)
  }

  comma(): void {
    this.room(1)
    this.buf[this.off++] = COMMA
  }

  endRecord(): void {
    this.room(2)
    this.buf[this.off++] = CR
    this.buf[this.off++] = LF
  }

  /** The chunks filled since the last call. */
  take(): Uint8Array[] {
    const out = this.full
    this.full = []
    return out
  }

  /** What is left once nothing more comes: the last, shorter chunk, or null. */
  rest(): Uint8Array | null {
    const out = this.off ? this.buf.subarray(0, this.off) : null
    this.buf = Buffer.allocUnsafe(this.size)
    this.off = 0
    return out
  }

  /** Starts a new chunk when `n` more bytes would not fit. */
  private room(n: number): void {
    if (this.off + n <= this.buf.length) return
    if (this.off) this.full.push(this.buf.subarray(0, this.off))
    this.buf = Buffer.allocUnsafe(Math.max(this.size, n))
    this.off = 0
  }
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
