/**
 * Simulated coverage of the 95% intervals.
 *
 * Population: respondent i has a personal effect u_i ~ N(0, 1); their latent
 * view of item j is x_ij = u_i + b_j + e_ij with e_ij ~ N(0, 0.8²), cut into
 * Likert 1–5 at (−1.8, −1.0, −0.2, 0.9), so 4–5 (satisfied) ⇔ x_ij ≥ −0.2.
 * Answers within a respondent are strongly correlated (latent ICC 1/1.64 ≈ 0.61).
 * Some answers are "0 / không ý kiến" at random, independently of x:
 * item-specific rates, tripled for a fifth of respondents.
 *
 * True values, analytically: π_j = P(x_ij ≥ −0.2) = Φ((b_j + 0.2)/√1.64);
 * counted share c_j = 1 − (0.8·e_j + 0.2·min(1, 3e_j)).
 * pooled → Σ π_j c_j / Σ c_j; sections → mean over sections of mean π_j.
 *
 * COVERAGE_SEED and COVERAGE_REPS override the seed and the number of samples
 * (e.g. COVERAGE_REPS=8000 for a precise reading; about 3 ms per sample).
 */
import { describe, expect, it } from 'vitest'
import { headlineFigure } from '../../server/domain/scoring.ts'
import type { Answers, SurveyDefinition } from '../../server/domain/survey-types.ts'
import { Z, define, likertSection, mulberry32, normalFrom, phi, tallyOf, textbookWilson, txt } from './fixtures.ts'

const SECTIONS = [
  { code: 'A', items: ['A1', 'A2', 'A3', 'A4'] },
  { code: 'B', items: ['B1', 'B2', 'B3'] },
  { code: 'C', items: ['C1', 'C2', 'C3'] },
]
const CODES = SECTIONS.flatMap((s) => s.items)
const BIAS = [0.6, 0.2, -0.3, 0.9, 0.1, -0.5, 0.4, 0.7, -0.1, 0.3]
const EXCL = [0.05, 0.1, 0.2, 0.05, 0.15, 0.25, 0.1, 0.05, 0.3, 0.1]
const SD_U = 1
const SD_E = 0.8
const CUTS = [-1.8, -1.0, -0.2, 0.9]
const N = 150
const REPS = Number(process.env.COVERAGE_REPS ?? 1200)

const pooledDef = define({
  id: 'sim-pooled',
  index: { method: 'pooled', sections: SECTIONS.map((s) => s.code) },
  sections: SECTIONS.map((s) => likertSection(s.code, s.items)),
})
const sectionsDef = define({
  id: 'sim-sections',
  sector: 'administrative',
  index: { method: 'sections', sections: SECTIONS.map((s) => s.code) },
  sections: SECTIONS.map((s) => likertSection(s.code, s.items)),
})
// Counter style: level3 2/1/0 with "satisfied" = 1 or 2 ⇔ u + e ≥ −1.33 (plus an unrelated item).
const counterDef = define({
  id: 'sim-counter',
  sector: 'administrative',
  index: { method: 'respondent', item: 'overall' },
  sections: [
    {
      code: 'R',
      title: txt('R'),
      items: [
        { code: 'overall', text: txt('overall'), scale: 'level3', required: true },
        { code: 'staff', text: txt('staff'), scale: 'likert5' },
      ],
    },
  ],
})
const COUNTER_CUT = -1.33

const SD_X = Math.sqrt(SD_U * SD_U + SD_E * SD_E)
const PI = BIAS.map((b) => phi((b - CUTS[2]!) / SD_X))
const COUNTED = EXCL.map((e) => 1 - (0.8 * e + 0.2 * Math.min(1, 3 * e)))
const TRUE_POOLED = PI.reduce((s, p, j) => s + p * COUNTED[j]!, 0) / COUNTED.reduce((s, c) => s + c, 0)
const sectionMeans = (values: number[]) => {
  let j = 0
  return SECTIONS.map((s) => {
    const part = values.slice(j, j + s.items.length)
    j += s.items.length
    return part.reduce((a, b) => a + b, 0) / part.length
  })
}
const TRUE_SECTIONS = sectionMeans(PI).reduce((a, b) => a + b, 0) / SECTIONS.length
const TRUE_COUNTER = phi(-COUNTER_CUT / SD_X)

interface Sample {
  rows: Answers[]
  counter: Answers[]
  /** Counted and satisfied answers over all items, computed here, not by the code under test. */
  counted: number
  satisfied: number
}

function sampler(seed: number) {
  const rand = mulberry32(seed)
  const normal = normalFrom(rand)
  return (n: number): Sample => {
    const rows: Answers[] = []
    const counter: Answers[] = []
    let counted = 0
    let satisfied = 0
    for (let i = 0; i < n; i++) {
      const u = SD_U * normal()
      const heavyExcluder = rand() < 0.2
      const row: Answers = {}
      CODES.forEach((code, j) => {
        const e = EXCL[j]!
        const x = u + BIAS[j]! + SD_E * normal()
        if (rand() < (heavyExcluder ? Math.min(1, 3 * e) : e)) {
          row[code] = 0
          return
        }
        let v = 1
        for (const c of CUTS) if (x >= c) v++
        row[code] = v
        counted++
        if (v >= 4) satisfied++
      })
      rows.push(row)
      const xo = u + SD_E * normal()
      counter.push({ overall: xo >= 1 ? 2 : xo >= COUNTER_CUT ? 1 : 0, staff: row.A1! })
    }
    return { rows, counter, counted, satisfied }
  }
}

interface Coverage {
  covered: number
  estimates: number[]
  halfWidths: number[]
}
const tracker = (): Coverage => ({ covered: 0, estimates: [], halfWidths: [] })
function record(c: Coverage, truth: number, estimate: number, ci: [number, number]) {
  if (ci[0] <= truth && truth <= ci[1]) c.covered++
  c.estimates.push(estimate)
  c.halfWidths.push((ci[1] - ci[0]) / 2)
}
const rate = (c: Coverage) => c.covered / c.estimates.length
/** Mean squared half-width/z over the empirical variance of the estimates: ≈ 1 when the interval width is honest. */
function widthRatio(c: Coverage) {
  const m = c.estimates.reduce((a, b) => a + b, 0) / c.estimates.length
  const empirical = c.estimates.reduce((s, e) => s + (e - m) ** 2, 0) / (c.estimates.length - 1)
  const reported = c.halfWidths.reduce((s, h) => s + (h / Z) ** 2, 0) / c.halfWidths.length
  return reported / empirical
}

function figure(rows: Answers[], def: SurveyDefinition) {
  const fig = headlineFigure(tallyOf(def, rows), def)
  expect(fig.index).not.toBeNull()
  return { index: fig.index!, ci: fig.ci! as [number, number] }
}

describe(`coverage of the 95% intervals (${REPS} samples of n = ${N}, correlated answers)`, () => {
  it('the analytic truth matches a very large simulated population', () => {
    const big = sampler(12345)(100_000)
    // pooled truth vs the pooled share of a population of 100 000 (≈ 850 000 answers)
    expect(Math.abs(big.satisfied / big.counted - TRUE_POOLED)).toBeLessThan(0.003)
    const sat = big.counter.filter((r) => r.overall !== 0).length / big.counter.length
    expect(Math.abs(sat - TRUE_COUNTER)).toBeLessThan(0.004)
    // and the two indices really differ here, so the test tells them apart
    expect(Math.abs(TRUE_POOLED - TRUE_SECTIONS)).toBeGreaterThan(0.003)
  })

  it('pooled, sections and respondent intervals cover about 95%; a naive Wilson on answers does not', () => {
    const draw = sampler(Number(process.env.COVERAGE_SEED ?? 20240601))
    const pooled = tracker()
    const sections = tracker()
    const respondent = tracker()
    const naive = tracker()
    for (let r = 0; r < REPS; r++) {
      const s = draw(N)
      const p = figure(s.rows, pooledDef)
      // the code's pooled estimate is the share computed independently in the sampler
      expect(p.index).toBeCloseTo(s.satisfied / s.counted, 12)
      record(pooled, TRUE_POOLED, p.index, p.ci)
      const q = figure(s.rows, sectionsDef)
      record(sections, TRUE_SECTIONS, q.index, q.ci)
      const c = figure(s.counter, counterDef)
      record(respondent, TRUE_COUNTER, c.index, c.ci)
      // naive: Wilson on the number of answers, as if they were independent
      const share = s.satisfied / s.counted
      record(naive, TRUE_POOLED, share, textbookWilson(share, s.counted))
    }
    const report = {
      truth: { pooled: TRUE_POOLED, sections: TRUE_SECTIONS, respondent: TRUE_COUNTER },
      coverage: { pooled: rate(pooled), sections: rate(sections), respondent: rate(respondent), naiveOnAnswers: rate(naive) },
      widthRatio: { pooled: widthRatio(pooled), sections: widthRatio(sections), respondent: widthRatio(respondent), naiveOnAnswers: widthRatio(naive) },
    }
    console.log(JSON.stringify(report, null, 2))
    for (const c of [pooled, sections, respondent]) {
      expect(rate(c)).toBeGreaterThanOrEqual(0.92)
      expect(rate(c)).toBeLessThanOrEqual(0.975)
      expect(widthRatio(c)).toBeGreaterThan(0.8)
      expect(widthRatio(c)).toBeLessThan(1.25)
    }
    expect(rate(naive)).toBeLessThan(0.9)
    expect(widthRatio(naive)).toBeLessThan(0.5)
  }, 60_000)
})
