/**
 * Small numbers on the public pages: primary suppression under the
 * threshold, and secondary suppression so a hidden child cannot be worked
 * out as its parent minus its shown siblings.
 */
import { describe, expect, it } from 'vitest'
import { suppressCells, suppressFigures, type DisclosureCell, type FigureCell, type Hidden } from '../../server/domain/disclosure.ts'

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

describe('suppressCells: the remainder', () => {
  it("hides a child when a parent's own responses are a small group: the parent minus its children would show them", () => {
    expect(hidden([cell('P', null, 45), cell('A', 'P', 20), cell('B', 'P', 20)])).toEqual({ A: 'secondary', B: 'secondary' })
    // Own responses of 10 or more are not small: nothing to hide.
    expect(hidden([cell('P', null, 50), cell('A', 'P', 20), cell('B', 'P', 20)])).toEqual({})
  })
})

describe('suppressFigures: periods inside periods', () => {
  const at = (key: string, from: string, to: string) => ({ key, from, to })
  const Q1 = at('2026-Q1', '2026-01-01', '2026-03-31')
  const JAN = at('2026-01', '2026-01-01', '2026-01-31')
  const FEB = at('2026-02', '2026-02-01', '2026-02-28')
  const MAR = at('2026-03', '2026-03-01', '2026-03-31')
  const YEAR = at('2026', '2026-01-01', '2026-12-31')
  const fig = (period: { key: string; from: string; to: string }, unit: string, n: number, parentUnit: string | null = null): FigureCell => ({ key: `${period.key}|${unit}`, unit, parentUnit, instrument: 's', period, n })
  const hide = (cells: FigureCell[]) => Object.fromEntries(suppressFigures(cells, 10))

  it('hides a second month when one month is small and the quarter is shown: the quarter minus the others would give it', () => {
    expect(hide([fig(Q1, 'u', 54), fig(JAN, 'u', 30), fig(FEB, 'u', 4), fig(MAR, 'u', 20)])).toEqual({ '2026-02|u': 'primary', '2026-03|u': 'secondary' })
  })

  it('protects an unpublished month when the quarter and the two others are shown', () => {
    // March was never published: Q1 − January − February = 5 responses.
    expect(hide([fig(Q1, 'u', 60), fig(JAN, 'u', 30), fig(FEB, 'u', 25)])).toEqual({ '2026-01|u': 'secondary', '2026-02|u': 'secondary' })
    // With 12 in March, nothing is small.
    expect(hide([fig(Q1, 'u', 67), fig(JAN, 'u', 30), fig(FEB, 'u', 25)])).toEqual({})
  })

  it('groups each period with the largest published periods inside it: the year with its quarter, the quarter with its months', () => {
    // Year = Q1 + 200 other responses; inside Q1, January is small.
    const cells = [fig(YEAR, 'u', 254), fig(Q1, 'u', 54), fig(JAN, 'u', 4), fig(FEB, 'u', 30), fig(MAR, 'u', 20)]
    expect(hide(cells)).toEqual({ '2026-01|u': 'primary', '2026-03|u': 'secondary' })
  })

  it('leaves out a group whose parts overlap (ranges, which are not published today): their sum means nothing', () => {
    const a = at('2026-01-01..2026-02-15', '2026-01-01', '2026-02-15')
    const b = at('2026-02-01..2026-03-31', '2026-02-01', '2026-03-31')
    expect(hide([fig(Q1, 'u', 60), fig(a, 'u', 40), fig(b, 'u', 35)])).toEqual({})
  })

  it('carries a month hidden for its quarter into the tree of that month, and back', () => {
    // Unit d pools a and b. a's March is small; so a's February goes for a's quarter,
    // and then b's February for d's February, and so on until every group is safe.
    const cells = [
      fig(Q1, 'd', 120),
      fig(FEB, 'd', 60),
      fig(MAR, 'd', 60),
      fig(Q1, 'a', 45, 'd'),
      fig(FEB, 'a', 40, 'd'),
      fig(MAR, 'a', 5, 'd'),
      fig(Q1, 'b', 75, 'd'),
      fig(FEB, 'b', 20, 'd'),
      fig(MAR, 'b', 55, 'd'),
    ]
    const h = suppressFigures(cells, 10)
    expect(h.get('2026-03|a')).toBe('primary')
    expectSafe(cells, h)
  })

  it('leaves no group with one hidden part or a small remainder alone (random units and periods)', () => {
    let seed = 11
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % k)
    const months = Array.from({ length: 12 }, (_, i) => {
      const m = String(i + 1).padStart(2, '0')
      const last = new Date(Date.UTC(2026, i + 1, 0)).getUTCDate()
      return at(`2026-${m}`, `2026-${m}-01`, `2026-${m}-${last}`)
    })
    const quarters = [0, 1, 2, 3].map((q) => at(`2026-Q${q + 1}`, months[q * 3]!.from, months[q * 3 + 2]!.to))
    for (let round = 0; round < 150; round++) {
      const parents = [null, ...Array.from({ length: 1 + rnd(6) }, (_, i) => String(rnd(i + 1)))]
      // Each unit's own responses per month; a figure pools its subtree over the period's months.
      const own = parents.map(() => months.map(() => (rnd(4) ? rnd(30) : rnd(6))))
      const inSubtree = (u: number, v: number): boolean => u === v || (parents[v] !== null && inSubtree(u, Number(parents[v])))
      const published = [YEAR, ...quarters, ...months].filter(() => rnd(3) > 0)
      const cells = published.flatMap((p) =>
        parents.map((parent, u) => {
          let n = 0
          months.forEach((m, k) => {
            if (m.from >= p.from && m.to <= p.to) parents.forEach((_, v) => (n += inSubtree(u, v) ? own[v]![k]! : 0))
          })
          return fig(p, String(u), n, parent)
        }),
      )
      expectSafe(cells, suppressFigures(cells, 10))
    }
  })
})

/** Checks every group from scratch: units under their parent (same period), periods under the smallest period holding them (same unit). */
function expectSafe(cells: FigureCell[], h: Map<string, Hidden>) {
  for (const c of cells) if (c.n > 0 && c.n < 10) expect(h.get(c.key)).toBe('primary')
  const inside = (a: FigureCell, b: FigureCell) => b.period.from <= a.period.from && a.period.to <= b.period.to && a.period.key !== b.period.key
  for (const whole of cells) {
    if (h.has(whole.key)) continue
    const spatial = cells.filter((c) => c.period.key === whole.period.key && c.parentUnit === whole.unit)
    const mine = cells.filter((c) => c.unit === whole.unit && inside(c, whole))
    const temporal = mine.filter((c) => !mine.some((o) => o !== c && inside(c, o)))
    for (const parts of [spatial, temporal]) {
      if (!parts.length) continue
      const hiddenParts = parts.filter((c) => c.n > 0 && h.has(c.key)).length
      const rest = Math.abs(whole.n - parts.reduce((s, c) => s + c.n, 0))
      const where = `${whole.key} over ${parts.map((c) => `${c.key}=${c.n}${h.has(c.key) ? '*' : ''}`).join(', ')}`
      expect(hiddenParts, where).not.toBe(1)
      if (hiddenParts === 0) expect(rest === 0 || rest >= 10, where).toBe(true)
    }
  }
}
