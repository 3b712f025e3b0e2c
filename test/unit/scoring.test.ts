/**
 * Hand-computed cases for the scoring domain (methodology.md §1.4, §2.6).
 * Every expected value is worked out in the comments; the only arithmetic done
 * in code is the textbook Wilson formula (fixtures.ts) and the arithmetic the
 * comments spell out.
 */
import { describe, expect, it } from 'vitest'
import { Z95, wilson } from '../../server/domain/intervals.ts'
import { headlineFigure, itemFigure, metricFigures, sectionFigure } from '../../server/domain/scoring.ts'
import type { Answers } from '../../server/domain/survey-types.ts'
import { emptyTally } from '../../server/domain/tally.ts'
import { Z, close, counter, define, health, healthRows, likertSection, tallyOf, textbookWilson, txt } from './fixtures.ts'

describe('the textbook Wilson interval in the test agrees with intervals.ts', () => {
  it('on a few values', () => {
    expect(Z).toBe(Z95)
    for (const [p, n] of [[0.7, 10], [0.5, 1], [0.95, 400], [0.123, 37.5]] as const) close(wilson(p, n), textbookWilson(p, n), 12)
  })
})

// ---------------------------------------------------------------------------
// respondent method (one-stop counter rating)
// ---------------------------------------------------------------------------
describe('respondent method', () => {
  // 2,2,1,1,1,2,1 are satisfied (7); the three 0s are "không hài lòng", which counts in the denominator.
  const rows: Answers[] = [2, 2, 1, 1, 1, 2, 1, 0, 0, 0].map((v): Answers => (v === 0 ? { overall: v, improve: 1 } : { overall: v }))
  const t = tallyOf(counter, rows)

  it('7 satisfied of 10 gives 0.7 with the Wilson interval on n = 10', () => {
    const fig = headlineFigure(t, counter)
    expect(fig.n).toBe(10)
    expect(fig.nEff).toBe(10)
    expect(fig.index).toBeCloseTo(0.7, 12)
    // Wilson(0.7, 10): centre = (0.7 + 3.8415/20)/(1 + 3.8415/10) = 0.89207/1.38415 = 0.64449,
    // half = 1.95996/1.38415 · √(0.021 + 3.8415/400) = 1.41600 · 0.17494 = 0.24772 → [0.3968, 0.8922]
    close(fig.ci, textbookWilson(0.7, 10))
    expect(fig.ci![0]).toBeCloseTo(0.3968, 3)
    expect(fig.ci![1]).toBeCloseTo(0.8922, 3)
  })

  it('the headline equals the overall item figure and the conditional item does not count', () => {
    const item = itemFigure(t, 'overall', counter)
    expect(item.index).toBeCloseTo(0.7, 12)
    expect(item.n).toBe(10)
    // mean of the codes: (2+2+1+1+1+2+1+0+0+0)/10 = 1.0
    expect(item.mean).toBeCloseTo(1.0, 12)
    expect(item.excluded).toBe(0)
    expect(t.dist.improve).toEqual({ 1: 3 })
  })

  it('with no answers there is no index', () => {
    const fig = headlineFigure(emptyTally(counter), counter)
    expect(fig).toEqual({ n: 0, index: null, ci: null, nEff: 0 })
  })
})

// ---------------------------------------------------------------------------
// pooled method (Bộ Y tế)
// ---------------------------------------------------------------------------
describe('pooled method', () => {
  const t = tallyOf(health, healthRows)

  it('item figures: share of counted answers, mean of counted values, excluded counted apart', () => {
    // A1: 5 3 4 2 _ 4 → 5 counted, satisfied 5,4,4 = 3, values 18, one 0
    // A2: 4 _ 5 1 _ 4 → 4 counted, satisfied 3, values 14, two 0s
    // B1: 4 4 _ 3 _ 5 → 4 counted, satisfied 3, values 16, two 0s
    // B2: 5 2 _ 4 _ _ → 3 counted, satisfied 2, values 11, three 0s
    // B3: 4 _ _ 5 _ 3 → 3 counted, satisfied 2, values 12, three 0s
    const expected = {
      A1: { n: 5, index: 3 / 5, mean: 18 / 5, excluded: 1 },
      A2: { n: 4, index: 3 / 4, mean: 14 / 4, excluded: 2 },
      B1: { n: 4, index: 3 / 4, mean: 16 / 4, excluded: 2 },
      B2: { n: 3, index: 2 / 3, mean: 11 / 3, excluded: 3 },
      B3: { n: 3, index: 2 / 3, mean: 12 / 3, excluded: 3 },
      G3: { n: 6, index: 0, mean: 1, excluded: 0 },
    }
    for (const [code, e] of Object.entries(expected)) {
      const fig = itemFigure(t, code, health)
      expect(fig.code).toBe(code)
      expect(fig.n, code).toBe(e.n)
      expect(fig.nEff, code).toBe(e.n)
      expect(fig.index!, code).toBeCloseTo(e.index, 12)
      expect(fig.mean!, code).toBeCloseTo(e.mean, 12)
      expect(fig.excluded, code).toBe(e.excluded)
      close(fig.ci, textbookWilson(e.index, e.n))
    }
  })

  it('headline: satisfied answers over counted answers, respondent-clustered interval', () => {
    // Σ counted = 5+4+4+3+3 = 19, Σ satisfied = 3+3+3+2+2 = 13 → 13/19. G3 (outside A, B) stays out.
    // n = respondents with ≥ 1 counted index answer = r1 r2 r3 r4 r6 = 5.
    // Linearised: z_i = (S_i − p·A_i)/19 with p = 13/19; 19·(S_i − p·A_i) per respondent:
    //   r1 S5 A5: 95−65 = 30; r2 S1 A3: 19−39 = −20; r3 S2 A2: 38−26 = 12; r4 S2 A5: 38−65 = −27; r6 S3 A4: 57−52 = 5
    //   (sum 0). Σ z² = (900+400+144+729+25)/19⁴ = 2198/19⁴; Var = 5/4 · 2198/19⁴.
    // nEff = p(1−p)/Var = (78/361) · 19⁴ · 4/(5·2198) = 78·361·4/(5·2198) = 112632/10990 ≈ 10.2486
    const fig = headlineFigure(t, health)
    expect(fig.n).toBe(5)
    expect(fig.index!).toBeCloseTo(13 / 19, 12)
    const nEff = (78 * 361 * 4) / (5 * 2198)
    expect(fig.nEff).toBeCloseTo(nEff, 9)
    close(fig.ci, textbookWilson(13 / 19, nEff))
  })

  it('section figures are pooled within the section', () => {
    // A: satisfied 3+3 = 6 of 9 counted; values 18+14 = 32 → mean 32/9; respondents with a counted A answer: 5.
    //   19·… analogue with p = 2/3, ΣA = 9: S_i − p·A_i = r1 2−4/3 = 2/3, r2 0−2/3, r3 2/3, r4 0−4/3, r6 2/3 → Σ² = 32/9
    //   Var = 5/4 · (32/9)/81 = 5/4 · 32/729; nEff = (2/9)/Var = 2·81·4/(5·32) = 648/160 = 4.05
    const a = sectionFigure(t, health, 'A')
    expect(a.code).toBe('A')
    expect(a.n).toBe(5)
    expect(a.index!).toBeCloseTo(6 / 9, 12)
    expect(a.mean!).toBeCloseTo(32 / 9, 12)
    expect(a.nEff).toBeCloseTo(4.05, 9)
    close(a.ci, textbookWilson(2 / 3, 4.05))
    // B: satisfied 3+2+2 = 7 of 10; values 16+11+12 = 39 → 3.9; respondents r1 r2 r4 r6 = 4.
    //   S_i − 0.7·A_i: r1 3−2.1 = 0.9, r2 1−1.4 = −0.4, r4 2−2.1 = −0.1, r6 1−1.4 = −0.4 → Σ² = 1.14
    //   Var = 4/3 · 1.14/100 = 0.0152; nEff = 0.21/0.0152 ≈ 13.8158
    const b = sectionFigure(t, health, 'B')
    expect(b.n).toBe(4)
    expect(b.index!).toBeCloseTo(0.7, 12)
    expect(b.mean!).toBeCloseTo(3.9, 12)
    expect(b.nEff).toBeCloseTo(0.21 / 0.0152, 9)
    close(b.ci, textbookWilson(0.7, 0.21 / 0.0152))
  })

  it('metrics: comprehensive, mean score, G1 mean and G2 share', () => {
    const m = Object.fromEntries(metricFigures(t, health).map((f) => [f.key, f]))
    // comprehensive: r1 (all 4–5) and r3 (4, 5; B excluded) of the 5 respondents with a counted answer → 0.4
    expect(m.comprehensive!.type).toBe('comprehensive')
    expect(m.comprehensive!.n).toBe(5)
    expect(m.comprehensive!.value!).toBeCloseTo(0.4, 12)
    close(m.comprehensive!.ci, textbookWilson(0.4, 5))
    // mean score: (18+14+16+11+12)/19 = 71/19; G3's 1s stay out
    expect(m.mean_score!.n).toBe(5)
    expect(m.mean_score!.value!).toBeCloseTo(71 / 19, 12)
    expect(m.mean_score!.ci).toBeNull()
    // G1: 90 70 80 50 100 → n 5, mean 78; s² = (31900 − 5·78²)/4 = (31900 − 30420)/4 = 370
    expect(m.expectation!.n).toBe(5)
    expect(m.expectation!.value!).toBeCloseTo(78, 12)
    const half = Z * Math.sqrt(370 / 5)
    close(m.expectation!.ci, [78 - half, 78 + half])
    // G2: 5 4 3 2 5 4 → 4 of 6 answered 4 or 5
    expect(m.return!.n).toBe(6)
    expect(m.return!.value!).toBeCloseTo(4 / 6, 12)
    close(m.return!.ci, textbookWilson(4 / 6, 6))
  })

  it('mean and share metrics on an item with excluded values leave the excluded answers out', () => {
    const def = define({
      id: 'metric-excluded',
      index: { method: 'pooled', sections: ['A'] },
      metrics: [
        { key: 'a1mean', type: 'mean', item: 'A1', label: txt('mean') },
        { key: 'a1share', type: 'share', item: 'A1', values: [4, 5], label: txt('share') },
      ],
      sections: [likertSection('A', ['A1'])],
    })
    // A1: 5 4 0 2 → counted 5 4 2: mean 11/3, share 2/3, n 3 (the 0 is "không ý kiến")
    const m = metricFigures(tallyOf(def, [{ A1: 5 }, { A1: 4 }, { A1: 0 }, { A1: 2 }]), def)
    expect(m[0]!.n).toBe(3)
    expect(m[0]!.value!).toBeCloseTo(11 / 3, 12)
    expect(m[1]!.n).toBe(3)
    expect(m[1]!.value!).toBeCloseTo(2 / 3, 12)
    close(m[1]!.ci, textbookWilson(2 / 3, 3))
  })

  it('an all-excluded respondent changes nothing but the respondent count', () => {
    const more = tallyOf(health, [...healthRows, { A1: 0, A2: 0, B1: 0, B2: 0, B3: 0 }])
    expect(more.n).toBe(7)
    expect(headlineFigure(more, health)).toEqual(headlineFigure(t, health))
    for (const s of ['A', 'B']) expect(sectionFigure(more, health, s)).toEqual(sectionFigure(t, health, s))
    for (const code of ['A1', 'A2', 'B1', 'B2', 'B3']) {
      const { excluded: e1, ...before } = itemFigure(t, code, health)
      const { excluded: e2, ...after } = itemFigure(more, code, health)
      expect(after).toEqual(before)
      expect(e2).toBe(e1 + 1)
    }
    const m1 = metricFigures(t, health).filter((f) => f.type !== 'share')
    const m2 = metricFigures(more, health).filter((f) => f.type !== 'share')
    expect(m2).toEqual(m1)
  })
})

// ---------------------------------------------------------------------------
// sections method (SIPAS)
// ---------------------------------------------------------------------------
describe('sections method', () => {
  const sipas = define({
    id: 'sipas-test',
    sector: 'administrative',
    index: { method: 'sections', sections: ['X', 'Y'] },
    sections: [likertSection('X', ['X1']), likertSection('Y', ['Y1', 'Y2', 'Y3'])],
  })
  const pooledTwin = define({
    id: 'pooled-twin',
    index: { method: 'pooled', sections: ['X', 'Y'] },
    sections: [likertSection('X', ['X1']), likertSection('Y', ['Y1', 'Y2', 'Y3'])],
  })
  //        X1 | Y1 Y2 Y3
  const rows: Answers[] = [
    { X1: 5, Y1: 4, Y2: 5, Y3: 0 },
    { X1: 5, Y1: 1, Y2: 2, Y3: 4 },
    { X1: 5, Y1: 1, Y2: 2, Y3: 2 },
    { X1: 2, Y1: 1, Y2: 2, Y3: 2 },
  ]

  it('index = mean of section indices, each the mean of its item indices (differs from the pooled share)', () => {
    // X1 3/4; Y1 1/4, Y2 1/4, Y3 1/3 (one 0 excluded) → Y = (1/4+1/4+1/3)/3 = 10/36 = 5/18
    // SIPAS = (3/4 + 5/18)/2 = (27/36 + 10/36)/2 = 37/72 ≈ 0.5139, whereas pooled = 6/15 = 0.4
    const t = tallyOf(sipas, rows)
    const fig = headlineFigure(t, sipas)
    expect(fig.n).toBe(4)
    expect(fig.index!).toBeCloseTo(37 / 72, 12)
    expect(headlineFigure(tallyOf(pooledTwin, rows), pooledTwin).index!).toBeCloseTo(0.4, 12)
    // Linearised with weights 1/8 on X1 and 1/(2·3·A_j) on Y_j (1/24, 1/24, 1/18), centres 3/4, 1/4, 1/4, 1/3:
    //   864·z_i: r1 27+27+27 = 81; r2 27−9−9+32 = 41; r3 27−9−9−16 = −7; r4 −81−9−9−16 = −115 (sum 0)
    //   Σ z² = 21516/864²; Var = 4/3 · 21516/864²; p(1−p) = 37·35/72² = 1295/5184
    //   nEff = 1295/5184 · 3·864²/(4·21516) = 1295·144·3/(4·21516) ≈ 6.5003
    const nEff = (1295 * 144 * 3) / (4 * 21516)
    expect(fig.nEff).toBeCloseTo(nEff, 9)
    close(fig.ci, textbookWilson(37 / 72, nEff))
  })

  it('section figures are means of item indices', () => {
    const t = tallyOf(sipas, rows)
    const x = sectionFigure(t, sipas, 'X')
    // one item: z_i = (y_i − 3/4)/4 → Σ z² = (3·1/16 + 9/16)/16 = 0.75/16; Var = 4/3 · 0.046875 = 0.0625
    // nEff = 0.1875/0.0625 = 3 (= n − 1)
    expect(x.index!).toBeCloseTo(0.75, 12)
    expect(x.n).toBe(4)
    expect(x.nEff).toBeCloseTo(3, 9)
    expect(x.mean!).toBeCloseTo(17 / 4, 12)
    const y = sectionFigure(t, sipas, 'Y')
    expect(y.index!).toBeCloseTo(5 / 18, 12)
    // mean of counted Y values: (4+5 + 1+2+4 + 1+2+2 + 1+2+2)/11 = 26/11
    expect(y.mean!).toBeCloseTo(26 / 11, 12)
  })

  // Reported bug: the estimate is summed as Σ w_j·S_j term by term, so all-satisfied answers give 0.9999999999999999.
  it('all answers satisfied give exactly 1 (and none satisfied exactly 0)', () => {
    const def = define({
      id: 'sipas-five',
      sector: 'administrative',
      index: { method: 'sections', sections: ['P', 'Q'] },
      sections: [likertSection('P', ['P1', 'P2']), likertSection('Q', ['Q1', 'Q2', 'Q3'])],
    })
    // P = (1 + 1)/2 = 1, Q = (1 + 1 + 1)/3 = 1, index = (1 + 1)/2 = 1
    expect(headlineFigure(tallyOf(def, [{ P1: 5, P2: 5, Q1: 5, Q2: 5, Q3: 5 }]), def).index).toBe(1)
    expect(headlineFigure(tallyOf(def, [{ P1: 1, P2: 1, Q1: 1, Q2: 1, Q3: 1 }]), def).index).toBe(0)
  })

  it('a section without any counted answer drops out of the mean of sections', () => {
    // Y all excluded → SIPAS = X alone = 2/3
    const t = tallyOf(sipas, [
      { X1: 5, Y1: 0, Y2: 0, Y3: 0 },
      { X1: 4, Y1: 0, Y2: 0, Y3: 0 },
      { X1: 1, Y1: 0, Y2: 0, Y3: 0 },
    ])
    expect(headlineFigure(t, sipas).index!).toBeCloseTo(2 / 3, 12)
    expect(sectionFigure(t, sipas, 'Y').index).toBeNull()
  })
})

// ---------------------------------------------------------------------------
// intervals for multi-item indices
// ---------------------------------------------------------------------------
