/**
 * The CSV writer: csvField's quoting and formula guard, and CsvBytes, which
 * must give exactly the bytes of csvLine however its output is chunked.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvBytes, csvField, csvLine, type Cell } from '../../server/export/csv-writer.ts'

const write = (records: readonly (readonly Cell[])[], size?: number) => {
  const out = new CsvBytes(size)
  const chunks: Uint8Array[] = []
  for (const cells of records) {
    cells.forEach((c, i) => {
      if (i) out.comma()
      out.field(c)
    })
    out.endRecord()
    chunks.push(...out.take())
  }
  const rest = out.rest()
  if (rest) chunks.push(rest)
  return chunks
}
const joined = (chunks: Uint8Array[]) => Buffer.concat(chunks)

const EDGE_NUMBERS = [0, -0, 1, 9, 10, 99, 100, 12345, 2 ** 31, 2 ** 53 - 1, 2 ** 53, -1, -12, 0.5, 8.5, 0.1 + 0.2, 1 / 3, 1e21, 1e-7, -1e-7, 123456789012345678, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity]
const EDGE_TEXTS = ['', ' ', 'Xã Tân Lập', 'a,b', 'say "hi"', 'two\r\nlines', 'lf\nonly', 'cr\ronly', '=1+1', '+84 912', '-x', '@x', '\tx', '\rx', "'x", 'emoji 😀', '"', ',']
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constantFrom<Cell>(null, undefined, ...EDGE_NUMBERS, ...EDGE_TEXTS),
  fc.integer({ min: 0, max: 2 ** 40 }),
  fc.double(),
  fc.string({ unit: 'binary' }),
)

describe('csvField', () => {
  it('writes numbers as numbers and guards text that a spreadsheet would run', () => {
    expect([1, -0.5, 2.5, NaN, Infinity, null, undefined].map(csvField)).toEqual(['1', '-0.5', '2.5', '', '', '', ''])
    expect(['=1+1', '+1', '-1', '@a', '\tx', 'ok'].map(csvField)).toEqual(["'=1+1", "'+1", "'-1", "'@a", "'\tx", 'ok'])
    expect(['a,b', 'say "hi"', 'x\r\ny', '\rx'].map(csvField)).toEqual(['"a,b"', '"say ""hi"""', '"x\r\ny"', `"'\rx"`])
  })
})

describe('CsvBytes', () => {
  it('gives the bytes of csvLine for every kind of cell', () => {
    const records = [EDGE_NUMBERS, EDGE_TEXTS, [null, undefined, 0, ''], []]
    expect(joined(write(records)).equals(Buffer.from(records.map(csvLine).join(''), 'utf8'))).toBe(true)
  })

  it('gives the bytes of csvLine for any records, in chunks of any size', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 20 }), fc.integer({ min: 1, max: 300 }), (records, size) => {
        const chunks = write(records, size)
        expect(joined(chunks).equals(Buffer.from(records.map(csvLine).join(''), 'utf8'))).toBe(true)
        expect(chunks.every((c) => c.length > 0)).toBe(true)
      }),
    )
  })

  it('hands out full chunks of the given size as they fill, and the rest at the end', () => {
    const out = new CsvBytes(16)
    for (let i = 0; i < 10; i++) {
      out.number(123456)
      out.comma()
      out.text('Tân')
      out.endRecord()
    }
    const chunks = out.take()
    expect(chunks.length).toBeGreaterThan(3)
    expect(chunks.every((c) => c.length <= 16)).toBe(true)
    expect(out.take()).toEqual([])
    const all = Buffer.concat([...chunks, out.rest()!])
    expect(all.toString('utf8')).toBe('123456,Tân\r\n'.repeat(10))
    expect(out.rest()).toBeNull()
  })

  it('copies bytes encoded ahead, and writes longer text than a chunk whole', () => {
    const out = new CsvBytes(8)
    out.bytes(Buffer.from('Hòa An,1', 'utf8'))
    out.comma()
    out.text('x'.repeat(50))
    out.endRecord()
    expect(Buffer.concat([...out.take(), out.rest()!]).toString('utf8')).toBe(`Hòa An,1,${'x'.repeat(50)}\r\n`)
  })
})
