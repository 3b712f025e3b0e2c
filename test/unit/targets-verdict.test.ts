/**
 * Targets in force and the verdict read from the interval, hand-computed.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_TARGETS, applicableTarget, type Target } from '../../server/domain/targets.ts'
import { judge } from '../../server/domain/verdict.ts'
import { headlineFigure, type Figure } from '../../server/domain/scoring.ts'
import type { Answers } from '../../server/domain/survey-types.ts'
import { counter, tallyOf, textbookWilson } from './fixtures.ts'

describe('applicableTarget', () => {
  it('administrative: 0.9 through 2020, 0.95 from 2021-01-01', () => {
    expect(applicableTarget(DEFAULT_TARGETS, 'administrative', [], '2020-06-30')?.threshold).toBe(0.9)
    expect(applicableTarget(DEFAULT_TARGETS, 'administrative', [], '2020-12-31')?.threshold).toBe(0.9)
    expect(applicableTarget(DEFAULT_TARGETS, 'administrative', [], '2021-01-01')?.threshold).toBe(0.95)
    expect(applicableTarget(DEFAULT_TARGETS, 'health', [5, 1], '2020-06-30')?.threshold).toBe(0.8)
    expect(applicableTarget(DEFAULT_TARGETS, 'education', [5, 1], '2024-03-01')?.threshold).toBe(0.9)
    expect(applicableTarget(DEFAULT_TARGETS, 'health', [], '2015-12-31')).toBeNull()
  })

  const unit = (unitId: number, threshold: number, validFrom: string, sector: Target['sector'] = null): Target => ({
    sector,
    unitId,
    threshold,
    validFrom,
    source: `unit ${unitId}`,
  })

  it("an ancestor's own target overrides the sector target, the nearest ancestor winning", () => {
    const targets = [...DEFAULT_TARGETS, unit(7, 0.85, '2022-01-01'), unit(1, 0.99, '2022-01-01')]
    // ancestry: unit 42, its parent 7, the root 1
    expect(applicableTarget(targets, 'administrative', [42, 7, 1], '2023-05-01')?.threshold).toBe(0.85)
    expect(applicableTarget(targets, 'administrative', [9, 1], '2023-05-01')?.threshold).toBe(0.99)
    expect(applicableTarget(targets, 'administrative', [9], '2023-05-01')?.threshold).toBe(0.95)
    // a unit target restricted to another sector does not apply
    const healthOnly = [...DEFAULT_TARGETS, unit(7, 0.7, '2022-01-01', 'health')]
    expect(applicableTarget(healthOnly, 'administrative', [42, 7], '2023-05-01')?.threshold).toBe(0.95)
    expect(applicableTarget(healthOnly, 'health', [42, 7], '2023-05-01')?.threshold).toBe(0.7)
  })

  it('a target starting after the date is ignored; within a scope the latest start applies', () => {
    const targets = [...DEFAULT_TARGETS, unit(7, 0.85, '2024-01-01')]
    expect(applicableTarget(targets, 'administrative', [42, 7], '2023-12-31')?.threshold).toBe(0.95)
    expect(applicableTarget(targets, 'administrative', [42, 7], '2024-01-01')?.threshold).toBe(0.85)
    const two = [unit(7, 0.85, '2022-01-01'), unit(7, 0.88, '2023-01-01'), unit(7, 0.91, '2025-01-01')]
    expect(applicableTarget(two, 'administrative', [7], '2024-06-01')?.threshold).toBe(0.88)
  })
})

// ---------------------------------------------------------------------------
// verdict
// ---------------------------------------------------------------------------
describe('judge', () => {
  const fig = (n: number, p: number, nEff = n): Figure => ({ n, index: p, ci: textbookWilson(p, nEff), nEff })

  it('met when the lower bound reaches the target, not met when the upper bound is below it', () => {
    // Wilson(0.97, 400) ≈ [0.949, 0.982] ≥ 0.9
    expect(judge(fig(400, 0.97), 0.9)).toEqual({ verdict: 'met', moreNeeded: null })
    // Wilson(0.7, 100) ≈ [0.604, 0.781] < 0.9
    expect(judge(fig(100, 0.7), 0.9)).toEqual({ verdict: 'not_met', moreNeeded: null })
    // boundaries: low = target is met, high = target is not (yet) not met
    expect(judge({ n: 50, index: 0.95, ci: [0.9, 0.98], nEff: 50 }, 0.9).verdict).toBe('met')
    expect(judge({ n: 50, index: 0.85, ci: [0.8, 0.9], nEff: 50 }, 0.9).verdict).toBe('undecided')
  })

  it('undecided when the interval straddles the target, with fewer responses needed the further the index is', () => {
    // n = nEff = 100, target 0.9; needed = ceil(z²p(1−p)/(p − 0.9)²) − 100:
    //   p 0.88: 3.84146·0.1056/0.0004 = 1014.1 → 1015 − 100 = 915
    //   p 0.86: 3.84146·0.1204/0.0016 = 289.07 → 290 − 100 = 190
    //   p 0.85: 3.84146·0.1275/0.0025 = 195.91 → 196 − 100 = 96   (Wilson(0.85,100) high ≈ 0.9047 still straddles)
    const a = judge(fig(100, 0.88), 0.9)
    const b = judge(fig(100, 0.86), 0.9)
    const c = judge(fig(100, 0.85), 0.9)
    expect([a.verdict, b.verdict, c.verdict]).toEqual(['undecided', 'undecided', 'undecided'])
    expect([a.moreNeeded, b.moreNeeded, c.moreNeeded]).toEqual([915, 190, 96])
    for (const j of [a, b, c]) expect(Number.isInteger(j.moreNeeded) && j.moreNeeded! > 0).toBe(true)
    // above the target too: p 0.93 vs 0.9 → 3.84146·0.0651/0.0009 = 277.87 → 278 − 100 = 178
    expect(judge(fig(100, 0.93), 0.9)).toEqual({ verdict: 'undecided', moreNeeded: 178 })
  })

  it('moreNeeded scales with the information per respondent (nEff/n)', () => {
    // nEff = 50 of n = 100: 195.91/0.5 = 391.8 → 392 − 100 = 292
    expect(judge(fig(100, 0.85, 50), 0.9)).toEqual({ verdict: 'undecided', moreNeeded: 292 })
  })

  it('too few under 30 respondents, whatever the interval', () => {
    expect(judge(fig(29, 1), 0.5)).toEqual({ verdict: 'too_few', moreNeeded: null })
    expect(judge(fig(10, 0.7), 0.9).verdict).toBe('too_few')
    expect(judge(fig(30, 1), 0.5).verdict).toBe('met')
    expect(judge({ n: 0, index: null, ci: null, nEff: 0 }, 0.9).verdict).toBe('too_few')
    expect(judge(fig(10, 0.7), 0.9, 5).verdict).toBe('not_met')
  })

  it('no verdict without a target', () => {
    expect(judge(fig(400, 0.97), null)).toEqual({ verdict: null, moreNeeded: null })
  })

  it('works on a real headline figure', () => {
    // 95 satisfied of 100 at the counter: Wilson(0.95, 100) ≈ [0.892, 0.975] straddles 0.9
    const rows: Answers[] = Array.from({ length: 100 }, (_, i) => ({ overall: i < 95 ? 2 : 0 }))
    const h = headlineFigure(tallyOf(counter, rows), counter)
    const target = applicableTarget(DEFAULT_TARGETS, counter.sector, [], '2025-01-01')!.threshold // 0.95
    expect(target).toBe(0.95)
    // p equals the target: the gap is 0, so no estimate of responses needed
    expect(judge(h, target)).toEqual({ verdict: 'undecided', moreNeeded: null })
    expect(judge(h, 0.8).verdict).toBe('met')
  })
})

// ---------------------------------------------------------------------------
// optional: the real instrument files, when present
// ---------------------------------------------------------------------------
