import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { padded, paddedSlices, sizeAbove, sizedRuns } from '../../server/store/shaped-query.ts'

const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256]

describe('statement sizes for the write path', () => {
  it('round every count up to one of a few sizes, adding at most a quarter', () => {
    for (let n = 1; n <= 256; n++) {
      const size = sizeAbove(n)
      expect(SIZES).toContain(size)
      expect(size).toBeGreaterThanOrEqual(n)
      expect(size).toBeLessThanOrEqual(Math.ceil(n * 1.25))
    }
    expect(new Set(Array.from({ length: 256 }, (_, i) => sizeAbove(i + 1))).size).toBe(SIZES.length)
  })

  it('cut a list into runs of those sizes, in order, none over the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.constantFrom(8, 64, 256, 1024), (n, max) => {
        const items = Array.from({ length: n }, (_, i) => i)
        const runs = sizedRuns(items, max)
        expect(runs.flat()).toEqual(items)
        for (const run of runs) {
          expect(run.length).toBeLessThanOrEqual(max)
          expect(sizeAbove(run.length)).toBe(run.length)
        }
        // Longest first: only the tail of a list is cut finer.
        expect(runs.map((r) => r.length)).toEqual([...runs.map((r) => r.length)].sort((a, b) => b - a))
      }),
    )
  })

  it('pad a list with its last item to a size, and slice long lists first', () => {
    expect(padded([])).toEqual([])
    expect(padded(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'i'])
    const slices = paddedSlices(Array.from({ length: 300 }, (_, i) => i), 256)
    expect(slices.map((s) => s.length)).toEqual([256, 48])
    expect(new Set(slices.flat())).toEqual(new Set(Array.from({ length: 300 }, (_, i) => i)))
  })
})
