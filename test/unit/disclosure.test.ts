/**
 * Small numbers on the public pages: primary suppression under the
 * threshold, and secondary suppression so a hidden child cannot be worked
 * out as its parent minus its shown siblings.
 */
import { describe, expect, it } from 'vitest'
import { suppressCells, type DisclosureCell } from '../../server/domain/disclosure.ts'

const cell = (key: string, parent: string | null, n: number): DisclosureCell => ({ key, parent, n })
const hidden = (cells: DisclosureCell[], below = 10) => Object.fromEntries(suppressCells(cells, below))

describe('suppressCells', () => {
  it('hides figures under the threshold, keeps zero and larger ones', () => {
    expect(hidden([cell('a', null, 9), cell('b', null, 10), cell('c', null, 0), cell('d', null, 1)])).toEqual({ a: 'primary', d: 'primary' })
  })

  it('with one hidden child under a shown parent, also hides the smallest shown sibling', () => {
    const cells = [cell('P', null, 120), cell('A', 'P', 4), cell('B', 'P', 50), cell('C', 'P', 30), cell('D', 'P', 36)]
    expect(hidden(cells)).toEqual({ A: 'primary', C: 'secondary' })
    // The hidden pair cannot be told apart from the totals any more: P − B − D = A + C.
  })

  it('adds nothing when two children are already hidden, or the parent is hidden', () => {
    expect(hidden([cell('P', null, 60), cell('A', 'P', 4), cell('B', 'P', 6), cell('C', 'P', 50)])).toEqual({ A: 'primary', B: 'primary' })
    expect(hidden([cell('P', null, 5), cell('A', 'P', 4), cell('B', 'P', 1)])).toEqual({ P: 'primary', A: 'primary', B: 'primary' })
  })

  it('hides the parent when the hidden child has no shown sibling to pair with', () => {
    expect(hidden([cell('G', null, 300), cell('P', 'G', 40), cell('Q', 'G', 260), cell('A', 'P', 4), cell('Z', 'P', 0)])).toEqual({ A: 'primary', P: 'secondary', Q: 'secondary' })
  })

  it('repeats up the tree: a parent hidden for its children is protected in its own group', () => {
    const cells = [cell('G', null, 500), cell('P', 'G', 12), cell('Q', 'G', 200), cell('R', 'G', 288), cell('A', 'P', 3), cell('B', 'P', 9)]
    // A and B are both primary; P stays shown, so G's group has no hidden member.
    expect(hidden(cells)).toEqual({ A: 'primary', B: 'primary' })
    const tight = [cell('G', null, 500), cell('P', 'G', 12), cell('Q', 'G', 200), cell('R', 'G', 288), cell('A', 'P', 3), cell('B', 'P', 0)]
    // P − 0 = A: P goes, then G's group has one hidden member, so Q (the smaller) goes too.
    expect(hidden(tight)).toEqual({ A: 'primary', P: 'secondary', Q: 'secondary' })
  })

  it('breaks ties between equally small siblings by key, so the result is stable', () => {
    expect(hidden([cell('P', null, 64), cell('A', 'P', 4), cell('C', 'P', 30), cell('B', 'P', 30)])).toEqual({ A: 'primary', B: 'secondary' })
  })

  it('never leaves exactly one hidden child under a shown parent (random trees)', () => {
    let seed = 7
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % k)
    for (let round = 0; round < 300; round++) {
      const cells: DisclosureCell[] = [cell('0', null, 0)]
      for (let i = 1; i < 2 + rnd(12); i++) cells.push(cell(String(i), String(rnd(i)), rnd(3) ? rnd(40) : rnd(10)))
      // A parent pools its children (and maybe responses of its own).
      for (const c of [...cells].reverse()) if (c.parent !== null) cells.find((p) => p.key === c.parent)!.n += c.n
      const h = suppressCells(cells, 10)
      for (const p of cells) {
        if (h.has(p.key)) continue
        const kids = cells.filter((c) => c.parent === p.key && c.n > 0 && h.has(c.key))
        expect(kids.length, JSON.stringify(cells)).not.toBe(1)
      }
      for (const c of cells) if (c.n > 0 && c.n < 10) expect(h.get(c.key)).toBe('primary')
    }
  })
})
