/**
 * CSV as spreadsheets write it, and the unit list read from it: quotes,
 * escaped quotes, separators and line breaks inside quotes, CRLF, a BOM, and
 * every problem named by line and column.
 */
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../server/domain/csv.ts'
import { readUnitCsv } from '../../server/domain/unit-csv.ts'

const rows = (text: string) => {
  const out = parseCsv(text)
  if (!out.ok) throw new Error(`${out.problem} at ${out.line}`)
  return out.records
}

describe('parseCsv', () => {
  it('splits plain fields and records, LF or CRLF, with or without a final newline', () => {
    expect(rows('a,b,c\n1,2,3\n').map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['1', '2', '3']])
    expect(rows('a,b\r\n1,2').map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2']])
    expect(rows('a,,\n').map((r) => r.fields)).toEqual([['a', '', '']])
  })

  it('keeps commas, escaped quotes and line breaks inside quotes, and counts lines from where a record starts', () => {
    const out = rows('name,note\r\n"Xã Tân Lập, huyện A","He said ""hi"""\r\n"two\r\nlines",x\r\nlast,y\r\n')
    expect(out.map((r) => r.fields)).toEqual([
      ['name', 'note'],
      ['Xã Tân Lập, huyện A', 'He said "hi"'],
      ['two\r\nlines', 'x'],
      ['last', 'y'],
    ])
    expect(out.map((r) => r.line)).toEqual([1, 2, 3, 5])
  })

  it('drops a byte-order mark and blank lines', () => {
    expect(rows('\uFEFFcode,name\n\nA,B\n\n').map((r) => r.fields)).toEqual([['code', 'name'], ['A', 'B']])
  })

  it('refuses an unclosed quote and a quote in the middle of a field, naming the line', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ ok: false, line: 2, problem: 'unclosed_quote' })
    expect(parseCsv('a,b\n1,x"y\n')).toEqual({ ok: false, line: 2, problem: 'stray_quote' })
    expect(parseCsv('a,b\n"x"y,1\n')).toEqual({ ok: false, line: 2, problem: 'stray_quote' })
  })
})

describe('readUnitCsv', () => {
  it('reads units in any column order, sectors optional, parents earlier in the file or elsewhere', () => {
    const out = readUnitCsv('name,code,type,parent_code,sector\nUBND xã Tân Lập,X01,commune,T01,administrative\nBộ phận Một cửa,X01-MC,one-stop,X01,\n')
    expect(out.problems).toEqual([])
    expect(out.units).toEqual([
      { line: 2, code: 'X01', name: 'UBND xã Tân Lập', type: 'commune', sector: 'administrative', parentCode: 'T01', parentInFile: false },
      { line: 3, code: 'X01-MC', name: 'Bộ phận Một cửa', type: 'one-stop', sector: null, parentCode: 'X01', parentInFile: true },
    ])
  })

  it('names every problem by line and column', () => {
    const out = readUnitCsv('code,name,type,sector,parent_code\nA,,commune,police,\nA,Hai,commune,,\nB,Ba,school,,C\nC,Bốn,school,,\nD,Năm\n')
    expect(out.problems).toEqual([
      { line: 2, field: 'name', code: 'required' },
      { line: 2, field: 'sector', code: 'invalid_sector' },
      { line: 3, field: 'code', code: 'duplicate_code' },
      { line: 6, field: '', code: 'field_count' },
    ])
    // C comes after B: B's parent must be found in the database, or the store refuses it.
    expect(out.units.find((u) => u.code === 'B')).toMatchObject({ parentCode: 'C', parentInFile: false })
  })

  it('checks the header', () => {
    expect(readUnitCsv('code,name,kind\n').problems).toEqual([
      { line: 1, field: 'kind', code: 'unknown_column' },
      { line: 1, field: 'type', code: 'missing_column' },
    ])
    expect(readUnitCsv('').problems).toEqual([{ line: 1, field: '', code: 'empty_file' }])
    expect(readUnitCsv('code,name,type\n"A,x,y\n').problems[0]!.code).toBe('unclosed_quote')
  })
})
