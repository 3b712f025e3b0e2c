/**
 * Property-based tests of the scoring domain with fast-check.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { headlineFigure, itemFigure, metricFigures, sectionFigure, type Figure } from '../../server/domain/scoring.ts'
import type { Answers, SurveyDefinition } from '../../server/domain/survey-types.ts'
import { addResponse, emptyTally, mergeTally, type Tally } from '../../server/domain/tally.ts'
import { define, likertSection, tallyOf, txt } from './fixtures.ts'

const SECTIONS = [likertSection('A', ['A1', 'A2']), likertSection('B', ['B1', 'B2', 'B3'])]
const EXTRA = {
  code: 'G',
  title: txt('G'),
  items: [
    { code: 'G1', type: 'number', text: txt('G1'), min: 0, max: 100 },
    { code: 'G2', type: 'choice', text: txt('G2'), options: [1, 2, 3, 4, 5, 6].map((v) => ({ value: v, label: txt(`o${v}`) })) },
    { code: 'overall', text: txt('overall'), scale: 'level3' },
  ],
}
const METRICS = [
  { key: 'comprehensive', type: 'comprehensive', label: txt('c') },
  { key: 'mean_score', type: 'mean_score', label: txt('m') },
  { key: 'g1', type: 'mean', item: 'G1', label: txt('g1') },
  { key: 'g2', type: 'share', item: 'G2', values: [4, 5], label: txt('g2') },
]
const DEFS: Record<string, SurveyDefinition> = {
  pooled: define({ id: 'prop-pooled', index: { method: 'pooled', sections: ['A', 'B'] }, metrics: METRICS, sections: [...SECTIONS, EXTRA] }),
  sections: define({ id: 'prop-sections', index: { method: 'sections', sections: ['A', 'B'] }, metrics: METRICS, sections: [...SECTIONS, EXTRA] }),
  respondent: define({ id: 'prop-respondent', index: { method: 'respondent', item: 'overall' }, metrics: METRICS, sections: [...SECTIONS, EXTRA] }),
}
const LIKERT = ['A1', 'A2', 'B1', 'B2', 'B3']

/** One response: any subset of items answered; Likert answers include the excluded 0. */
const response: fc.Arbitrary<Answers> = fc.record(
  {
    A1: fc.integer({ min: 0, max: 5 }),
    A2: fc.integer({ min: 0, max: 5 }),
    B1: fc.integer({ min: 0, max: 5 }),
    B2: fc.integer({ min: 0, max: 5 }),
    B3: fc.integer({ min: 0, max: 5 }),
    G1: fc.integer({ min: 0, max: 100 }),
    G2: fc.integer({ min: 1, max: 6 }),
    overall: fc.integer({ min: 0, max: 2 }),
  },
  { requiredKeys: [], noNullPrototype: true },
) as fc.Arbitrary<Answers>
/** Responses skewed towards agreement, so that indices of 1 (and near-perfect clustering) come up often. */
const lopsided: fc.Arbitrary<Answers> = fc
  .tuple(fc.constantFrom(1, 2, 4, 5), fc.boolean())
  .map(([v, withZero]) => ({ A1: v, A2: withZero ? 0 : v, B1: v, B2: v, B3: v, overall: v >= 4 ? 2 : 0 }))
const responses = fc.array(fc.oneof(response, lopsided), { maxLength: 40 })
const method = fc.constantFrom('pooled', 'sections', 'respondent')

const PARAMS = { numRuns: 300, seed: 4242 }
/** Wilson's bounds can miss p = 0 or 1 by one rounding step (reported separately); allow that much. */
const EPS = 0

function checkFigure(fig: Figure, label: string) {
  if (fig.index === null) {
    expect(fig.ci, label).toBeNull()
    return
  }
  expect(fig.index, label).toBeGreaterThanOrEqual(0)
  expect(fig.index, label).toBeLessThanOrEqual(1 + EPS)
  expect(fig.ci, label).not.toBeNull()
  const [lo, hi] = fig.ci!
  expect(lo, label).toBeGreaterThanOrEqual(0)
  expect(hi, label).toBeLessThanOrEqual(1)
  expect(lo, label).toBeLessThanOrEqual(hi)
  expect(lo, label).toBeLessThanOrEqual(fig.index + EPS)
  expect(hi, label).toBeGreaterThanOrEqual(fig.index - EPS)
  expect(fig.nEff, label).toBeGreaterThan(0)
  expect(Number.isFinite(fig.nEff), label).toBe(true)
}

const clone = (t: Tally): Tally => structuredClone(t)
const merged = (a: Tally, b: Tally) => mergeTally(clone(a), b)

describe('scoring properties', () => {
  it('indices lie in [0, 1] and every interval lies in [0, 1] around its estimate', () => {
    fc.assert(
      fc.property(method, responses, (m, rows) => {
        const def = DEFS[m]!
        const t = tallyOf(def, rows)
        checkFigure(headlineFigure(t, def), `${m} headline`)
        for (const s of ['A', 'B']) checkFigure(sectionFigure(t, def, s), `${m} section ${s}`)
        for (const code of [...LIKERT, 'overall']) checkFigure(itemFigure(t, code, def), `${m} item ${code}`)
        for (const f of metricFigures(t, def)) {
          if (f.value === null) continue
          if (f.type === 'comprehensive' || f.type === 'share') {
            expect(f.value).toBeGreaterThanOrEqual(0)
            expect(f.value).toBeLessThanOrEqual(1)
            expect(f.ci![0]).toBeLessThanOrEqual(f.value + EPS)
            expect(f.ci![1]).toBeGreaterThanOrEqual(f.value - EPS)
          }
          if (f.type === 'mean_score') {
            // Likert 1–5 on the A, B index; the level3 codes 0–2 when the index is the overall item
            expect(f.value).toBeGreaterThanOrEqual(m === 'respondent' ? 0 : 1)
            expect(f.value).toBeLessThanOrEqual(m === 'respondent' ? 2 : 5)
          }
          if (f.type === 'mean') {
            expect(f.value).toBeGreaterThanOrEqual(0)
            expect(f.value).toBeLessThanOrEqual(100)
          }
        }
      }),
      PARAMS,
    )
  })

  it('the headline has an index exactly when some index answer was counted', () => {
    fc.assert(
      fc.property(method, responses, (m, rows) => {
        const def = DEFS[m]!
        const codes = m === 'respondent' ? ['overall'] : LIKERT
        const any = rows.some((r) => codes.some((c) => typeof r[c] === 'number' && !(m !== 'respondent' && r[c] === 0)))
        const fig = headlineFigure(tallyOf(def, rows), def)
        expect(fig.index !== null).toBe(any)
      }),
      PARAMS,
    )
  })

  it('the sections index is the mean of the section figures; pooled is satisfied over counted', () => {
    fc.assert(
      fc.property(responses, (rows) => {
        const def = DEFS.sections!
        const t = tallyOf(def, rows)
        const parts = ['A', 'B'].map((s) => sectionFigure(t, def, s).index).filter((x): x is number => x !== null)
        const fig = headlineFigure(t, def)
        if (!parts.length) {
          expect(fig.index).toBeNull()
          return
        }
        expect(fig.index!).toBeCloseTo(parts.reduce((a, b) => a + b, 0) / parts.length, 12)

        let counted = 0
        let satisfied = 0
        for (const r of rows)
          for (const c of LIKERT) {
            const v = r[c]
            if (typeof v === 'number' && v !== 0) {
              counted++
              if (v >= 4) satisfied++
            }
          }
        expect(headlineFigure(tallyOf(DEFS.pooled!, rows), DEFS.pooled!).index!).toBeCloseTo(satisfied / counted, 12)
      }),
      PARAMS,
    )
  })

  it('adding a response satisfied on an item never lowers that item’s share', () => {
    fc.assert(
      fc.property(method, responses, response, fc.constantFrom(...LIKERT), fc.constantFrom(4, 5), (m, rows, extra, code, v) => {
        const def = DEFS[m]!
        const t = tallyOf(def, rows)
        const before = itemFigure(t, code, def).index
        addResponse(t, def, { ...extra, [code]: v })
        const after = itemFigure(t, code, def).index!
        if (before !== null) expect(after).toBeGreaterThanOrEqual(before)
        else expect(after).toBe(1)
      }),
      PARAMS,
    )
  })

  it('adding a satisfied response never lowers the respondent-method index; an unsatisfied one never raises it', () => {
    const def = DEFS.respondent!
    fc.assert(
      fc.property(responses, response, fc.constantFrom(0, 1, 2), (rows, extra, v) => {
        const t = tallyOf(def, rows)
        const before = headlineFigure(t, def).index
        addResponse(t, def, { ...extra, overall: v })
        const after = headlineFigure(t, def).index!
        if (before === null) {
          expect(after).toBe(v === 0 ? 0 : 1)
          return
        }
        if (v > 0) expect(after).toBeGreaterThanOrEqual(before)
        else expect(after).toBeLessThanOrEqual(before)
      }),
      PARAMS,
    )
  })

  it('adding a respondent satisfied on every item never lowers the pooled or sections index', () => {
    fc.assert(
      fc.property(fc.constantFrom('pooled', 'sections'), responses, fc.array(fc.constantFrom(4, 5), { minLength: 5, maxLength: 5 }), (m, rows, vs) => {
        const def = DEFS[m]!
        const t = tallyOf(def, rows)
        const before = headlineFigure(t, def).index
        addResponse(t, def, Object.fromEntries(LIKERT.map((c, i) => [c, vs[i]!])))
        const after = headlineFigure(t, def).index!
        if (before !== null) expect(after).toBeGreaterThanOrEqual(before - EPS)
      }),
      PARAMS,
    )
  })

  it('a response with only excluded answers changes no index', () => {
    fc.assert(
      fc.property(method, responses, (m, rows) => {
        const def = DEFS[m]!
        const t = tallyOf(def, rows)
        const u = tallyOf(def, [...rows, { A1: 0, A2: 0, B1: 0, B2: 0, B3: 0 }])
        expect(headlineFigure(u, def)).toEqual(headlineFigure(t, def))
        for (const s of ['A', 'B']) expect(sectionFigure(u, def, s)).toEqual(sectionFigure(t, def, s))
      }),
      PARAMS,
    )
  })

  it('merge is commutative and associative and equals the tally of the union', () => {
    fc.assert(
      fc.property(method, responses, responses, responses, (m, ra, rb, rc) => {
        const def = DEFS[m]!
        const [a, b, c] = [tallyOf(def, ra), tallyOf(def, rb), tallyOf(def, rc)]
        const ab = merged(a, b)
        const ba = merged(b, a)
        expect(ab).toEqual(ba)
        const left = merged(ab, c)
        const right = merged(a, merged(b, c))
        expect(left).toEqual(right)
        expect(left).toEqual(tallyOf(def, [...ra, ...rb, ...rc]))
        // and so on the figures
        expect(headlineFigure(ab, def)).toEqual(headlineFigure(ba, def))
        expect(headlineFigure(left, def)).toEqual(headlineFigure(right, def))
        expect(metricFigures(left, def)).toEqual(metricFigures(right, def))
        for (const s of ['A', 'B']) expect(sectionFigure(left, def, s)).toEqual(sectionFigure(right, def, s))
        // the inputs are left as they were (only `into` is mutated)
        expect(a).toEqual(tallyOf(def, ra))
        expect(b).toEqual(tallyOf(def, rb))
      }),
      PARAMS,
    )
  })

  it('mergeTally into an empty tally is the identity', () => {
    fc.assert(
      fc.property(method, responses, (m, rows) => {
        const def = DEFS[m]!
        const t = tallyOf(def, rows)
        expect(mergeTally(emptyTally(def), t)).toEqual(t)
      }),
      PARAMS,
    )
  })
})
