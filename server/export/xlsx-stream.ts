/**
 * A streaming XLSX writer: the workbook's XML parts go straight into
 * zip-stream.ts row by row, so memory stays flat however many rows a sheet
 * has. Strings are written inline (no shared-string table to hold in
 * memory), the header row is bold and frozen, percentages carry the number
 * format 0.0%. No part holds a date or a generator stamp, so the same rows
 * give the same bytes. Inline strings are never formulas: no cell needs the
 * CSV's quote prefix here.
 */
import type { Cell } from './csv-writer.ts'
import { chunked } from './csv-writer.ts'
import { zipStream, type EntryBody } from './zip-stream.ts'

export type ColumnFormat = 'text' | 'int' | 'num' | 'pct'

export interface SheetColumn {
  header: string
  format?: ColumnFormat
  /** In characters. */
  width?: number
}

export interface Sheet {
  /** At most 31 characters, none of : \ / ? * [ ]. */
  name: string
  columns: SheetColumn[]
  rows: AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>
}

/** Style ids in styles.xml below. */
const STYLE = { text: 0, header: 1, pct: 2, int: 3, num: 0 } as const

// XML 1.0 allows no control characters but tab, line feed and carriage return.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g
export const xmlText = (s: string) => s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function columnName(i: number): string {
  let n = i + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

function cellXml(ref: string, value: Cell, style: number): string {
  const s = style ? ` s="${style}"` : ''
  if (value === null || value === undefined || value === '') return ''
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : ''
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`
}

async function* sheetXml(sheet: Sheet): AsyncGenerator<string> {
  const letters = sheet.columns.map((_, i) => columnName(i))
  const styles = sheet.columns.map((c) => STYLE[c.format ?? 'text'])
  const cols = sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? Math.min(60, Math.max(10, c.header.length + 2))}" customWidth="1"/>`).join('')
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<cols>${cols}</cols><sheetData>` +
    `<row r="1">${sheet.columns.map((c, i) => cellXml(`${letters[i]}1`, c.header, STYLE.header)).join('')}</row>`
  let r = 1
  yield* chunked(
    (async function* () {
      for await (const row of sheet.rows) {
        r++
        let cells = ''
        for (let i = 0; i < row.length && i < letters.length; i++) cells += cellXml(`${letters[i]}${r}`, row[i], styles[i]!)
        yield `<row r="${r}">${cells}</row>`
      }
    })(),
  )
  yield '</sheetData></worksheet>'
}

const CONTENT_TYPES = (n: number) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  Array.from({ length: n }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
  '</Types>'

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'

const workbookXml = (names: string[]) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
  names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
  '</sheets></workbook>'

const workbookRels = (n: number) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  Array.from({ length: n }, (_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
  `<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'

/** Sheet names Excel accepts: 31 characters, no : \ / ? * [ ]. */
export const sheetName = (s: string) => s.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31)

export function xlsxStream(sheets: Sheet[]): AsyncGenerator<Uint8Array> {
  const entries: [string, EntryBody][] = [
    ['[Content_Types].xml', CONTENT_TYPES(sheets.length)],
    ['_rels/.rels', ROOT_RELS],
    ['xl/workbook.xml', workbookXml(sheets.map((s) => sheetName(s.name)))],
    ['xl/_rels/workbook.xml.rels', workbookRels(sheets.length)],
    ['xl/styles.xml', STYLES],
  ]
  function* all(): Generator<[string, EntryBody]> {
    yield* entries
    for (let i = 0; i < sheets.length; i++) yield [`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheets[i]!)]
  }
  return zipStream(all())
}
