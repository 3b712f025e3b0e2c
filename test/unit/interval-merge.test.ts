/**
 * The cluster-aware interval and the additivity of tallies, hand-computed.
 */
import { describe, expect, it } from 'vitest'
import { wilson } from '../../server/domain/intervals.ts'
import { headlineFigure, itemFigure, metricFigures } from '../../server/domain/scoring.ts'
import type { Answers } from '../../server/domain/survey-types.ts'
import { emptyTally, mergeTally } from '../../server/domain/tally.ts'
import { close, define, health, healthRows, likertSection, tallyOf, textbookWilson } from './fixtures.ts'

describe('cluster-aware interval', () => {
  const threeItems = (method: 'pooled' | 'sections') =>
    define({ id: `three-${method}`, index: { method, sections: ['A'] }, sections: [likertSection('A', ['A1', 'A2', 'A3'])] })

  for (const method of ['pooled', 'sections'] as const) {
    it(`${method}: one answer per respondent gives the simple binomial interval`, () => {
      const def = threeItems(method)
      // 30 respondents, respondent i answers item i mod 3 only; on each item 7 of 10 are satisfied.
      const rows: Answers[] = []
      for (let i = 0; i < 30; i++) {
        const row: Answers = { A1: 0, A2: 0, A3: 0 }
        row[`A${(i % 3) + 1}`] = Math.floor(i / 3) < 7 ? 5 : 2
        rows.push(row)
      }
      // z_i = w·(y_i − 0.7) with w = 1/30 → Σ z² = 30·0.21/900 = 0.007; Var = 30/29 · 0.007 → nEff = 0.21/Var = 29
      const fig = headlineFigure(tallyOf(def, rows), def)
      expect(fig.n).toBe(30)
      expect(fig.index!).toBeCloseTo(0.7, 12)
      expect(fig.nEff).toBeCloseTo(29, 9)
      close(fig.ci, textbookWilson(0.7, 29))
      // and so ≈ Wilson(p, n) up to the n/(n−1) factor
      const [lo, hi] = textbookWilson(0.7, 30)
      expect(Math.abs(fig.ci![0] - lo)).toBeLessThan(1e-2)
      expect(Math.abs(fig.ci![1] - hi)).toBeLessThan(1e-2)
    })

    it(`${method}: identical answers on every item are worth one answer per respondent`, () => {
      const def = threeItems(method)
      // 20 respondents: 14 answer 5 on all three items, 6 answer 2 on all three. 60 answers, p = 0.7.
      // z_i = 3(y_i − 0.7)/60 → Σ z² = 9·20·0.21/3600 = 0.0105; Var = 20/19 · 0.0105 → nEff = 0.21/Var = 19
      const rows: Answers[] = Array.from({ length: 20 }, (_, i) => {
        const v = i < 14 ? 5 : 2
        return { A1: v, A2: v, A3: v }
      })
      const fig = headlineFigure(tallyOf(def, rows), def)
      expect(fig.n).toBe(20)
      expect(fig.index!).toBeCloseTo(0.7, 12)
      expect(fig.nEff).toBeCloseTo(19, 9)
      close(fig.ci, textbookWilson(0.7, 19))
      const [lo, hi] = textbookWilson(0.7, 20)
      expect(Math.abs(fig.ci![0] - lo)).toBeLessThan(1e-2)
      expect(Math.abs(fig.ci![1] - hi)).toBeLessThan(1e-2)
      // much wider than the naive interval on the 60 answers
      const naive = textbookWilson(0.7, 60)
      expect(fig.ci![1] - fig.ci![0]).toBeGreaterThan(1.5 * (naive[1] - naive[0]))
    })
  }

  it('when every respondent has the same share the variance is zero and n falls back to respondents', () => {
    const def = threeItems('pooled')
    // each respondent: two counted answers, one satisfied → every z_i = 0
    const rows: Answers[] = Array.from({ length: 10 }, () => ({ A1: 5, A2: 1, A3: 0 }))
    const fig = headlineFigure(tallyOf(def, rows), def)
    expect(fig.index!).toBeCloseTo(0.5, 12)
    expect(fig.nEff).toBe(10)
    close(fig.ci, textbookWilson(0.5, 10))
  })

  // Reported bug: wilson() can return an interval that does not contain p = 0 or p = 1
  // (centre − half is 5.55e-17 for p = 0, n = 7; centre + half is 0.9999999999999999 for p = 1, n = 10).
  it('Wilson bounds reach 0 and 1 exactly at p = 0 and p = 1', () => {
    for (let n = 1; n <= 200; n++) {
      expect(wilson(0, n)[0], `wilson(0, ${n})`).toBe(0)
      expect(wilson(1, n)[1], `wilson(1, ${n})`).toBe(1)
    }
    // as seen through the scoring: 7 answers, none satisfied
    const def = threeItems('pooled')
    const t = tallyOf(def, Array.from({ length: 7 }, () => ({ A1: 1 })))
    const fig = itemFigure(t, 'A1', def)
    expect(fig.index).toBe(0)
    expect(fig.ci![0]).toBeLessThanOrEqual(fig.index!)
  })
})

// ---------------------------------------------------------------------------
// tallies add up
// ---------------------------------------------------------------------------
describe('mergeTally', () => {
  it('the merged tallies of two halves equal the tally of the whole', () => {
    const whole = tallyOf(health, healthRows)
    const merged = mergeTally(tallyOf(health, healthRows.slice(0, 2)), tallyOf(health, healthRows.slice(2)))
    expect(merged).toEqual(whole)
    expect(headlineFigure(merged, health)).toEqual(headlineFigure(whole, health))
    expect(metricFigures(merged, health)).toEqual(metricFigures(whole, health))
  })

  it('merging an empty tally changes nothing', () => {
    const whole = tallyOf(health, healthRows)
    expect(mergeTally(structuredClone(whole), emptyTally(health))).toEqual(whole)
    expect(mergeTally(emptyTally(health), whole)).toEqual(whole)
  })

  it('keeps the cross moments: aa counts co-answered pairs, yy co-satisfied pairs', () => {
    const t = tallyOf(health, healthRows)
    const at = (c: string) => t.rated.indexOf(c)
    const r = t.rated.length
    // A1 & A2 both counted for r1 r3 r4 r6 = 4; both satisfied r1 r3 r6 = 3; A1 satisfied with A2 counted: r1 r3 r6 = 3
    expect(t.aa[at('A1') * r + at('A2')]).toBe(4)
    expect(t.yy[at('A1') * r + at('A2')]).toBe(3)
    expect(t.ya[at('A1') * r + at('A2')]).toBe(3)
    // diagonal: aa = A, yy = ya = S
    expect(t.aa[at('B2') * r + at('B2')]).toBe(3)
    expect(t.yy[at('B2') * r + at('B2')]).toBe(2)
  })
})

// ---------------------------------------------------------------------------
// targets
// ---------------------------------------------------------------------------
