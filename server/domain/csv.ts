/**
 * RFC 4180 CSV, as spreadsheets write it: fields separated by commas, quoted
 * when they hold commas, quotes ("" inside quotes) or line breaks; records end
 * with LF or CRLF. A leading byte-order mark (Excel's "CSV UTF-8") is dropped.
 */

export interface CsvRecord {
  /** Physical line (1-based) where the record starts; a quoted field may span several. */
  line: number
  fields: string[]
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; problem: 'unclosed_quote' | 'stray_quote' }

export function parseCsv(text: string): CsvParse {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let start = 1
  let quoted = false
  // A field that began with a quote: after its closing quote only a separator may follow.
  let closed = false
  const endRecord = () => {
    fields.push(field)
    // A blank line is no record.
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields })
    fields = []
    field = ''
    closed = false
  }
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"'
          i++
        } else {
          quoted = false
          closed = true
        }
      } else {
        if (ch === '\n') line++
        field += ch
      }
      continue
    }
    if (ch === ',') {
      fields.push(field)
      field = ''
      closed = false
    } else if (ch === '\n' || (ch === '\r' && s[i + 1] === '\n')) {
      if (ch === '\r') i++
      endRecord()
      line++
      start = line
    } else if (ch === '"') {
      if (field !== '' || closed) return { ok: false, line, problem: 'stray_quote' }
      quoted = true
    } else {
      if (closed) return { ok: false, line, problem: 'stray_quote' }
      field += ch
    }
  }
  if (quoted) return { ok: false, line: start, problem: 'unclosed_quote' }
  if (field !== '' || fields.length > 0) endRecord()
  return { ok: true, records }
}

