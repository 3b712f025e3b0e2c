/**
 * Small survey definitions built inline through the real schema parser, so the
 * unit tests do not depend on the instrument files in surveys/.
 */
import { expect } from 'vitest'
import { parseSurveyDefinition } from '../../server/domain/survey-schema.ts'
import { addResponse, emptyTally, type Tally } from '../../server/domain/tally.ts'
import type { Answers, SurveyDefinition } from '../../server/domain/survey-types.ts'

export const txt = (s: string) => ({ vi: s, en: s })

/** Health / SIPAS style: 1–5 with 0 "không ý kiến" excluded, 4–5 satisfied. */
export const LIKERT5 = {
  type: 'likert5',
  options: [1, 2, 3, 4, 5, 0].map((v) => ({ value: v, label: txt(`muc ${v}`) })),
  satisfied: [4, 5],
  excluded: [0],
}

/** Counter-rating style: 2 very satisfied, 1 satisfied, 0 not satisfied (nothing excluded). */
export const LEVEL3 = {
  type: 'level3',
  options: [2, 1, 0].map((v) => ({ value: v, label: txt(`muc ${v}`) })),
  satisfied: [1, 2],
}

export function likertSection(code: string, items: string[]) {
  return { code, title: txt(`Phan ${code}`), items: items.map((c) => ({ code: c, text: txt(`Cau ${c}`), scale: 'likert5' })) }
}

/** Parses a definition through parseSurveyDefinition, throwing with the problems if it is refused. */
export function define(raw: Record<string, unknown>): SurveyDefinition {
  const result = parseSurveyDefinition({
    id: 'test-survey',
    version: 1,
    sector: 'health',
    title: txt('Test survey'),
    source: { document: 'test fixture', verification: 'GK' },
    scales: { likert5: LIKERT5, level3: LEVEL3 },
    metrics: [],
    ...raw,
  })
  if (!result.ok) throw new Error(`fixture refused:\n${result.problems.join('\n')}`)
  return result.survey
}

export function tallyOf(def: SurveyDefinition, rows: readonly Answers[]): Tally {
  const t = emptyTally(def)
  for (const row of rows) addResponse(t, def, row)
  return t
}

/** Textbook Wilson score interval, written independently of server/domain/intervals.ts. */
export const Z = 1.959963984540054
export function textbookWilson(p: number, n: number): [number, number] {
  const centre = (p + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n)
  const half = (Z / (1 + (Z * Z) / n)) * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}

/** The demo's seeded PRNG serves the simulations too. */
export { mulberry32 } from '../../server/demo/random.ts'

/** Standard normal draws from a uniform source (Box–Muller). */
export function normalFrom(rand: () => number): () => number {
  let spare: number | null = null
  return () => {
    if (spare !== null) {
      const s = spare
      spare = null
      return s
    }
    let u = 0
    while (u === 0) u = rand()
    const v = rand()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}

/** Standard normal CDF via the Numerical Recipes erfc approximation (fractional error < 1.2e-7, plenty here). */
export function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2
  const t = 1 / (1 + 0.5 * z)
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? 1 - erfc / 2 : erfc / 2
}

/** A one-stop counter rating: level3 overall item plus a follow-up shown after a negative rating. */
export const counter = define({
  id: 'counter-test',
  sector: 'administrative',
  index: { method: 'respondent', item: 'overall' },
  sections: [
    {
      code: 'R',
      title: txt('Rating'),
      items: [
        { code: 'overall', text: txt('Overall'), scale: 'level3', required: true },
        {
          code: 'improve',
          type: 'choice',
          text: txt('Improve'),
          showIf: { item: 'overall', in: [0] },
          options: [1, 2, 3].map((v) => ({ value: v, label: txt(`o${v}`) })),
        },
      ],
    },
  ],
})

/** Both ends of an interval close to the expected ones. */
export const close = (actual: [number, number] | null, expected: [number, number], digits = 10) => {
  expect(actual).not.toBeNull()
  expect(actual![0]).toBeCloseTo(expected[0], digits)
  expect(actual![1]).toBeCloseTo(expected[1], digits)
}

/** A health-style pooled instrument over two Likert sections, and the respondents the pooled cases use. */
export const health = define({
  id: 'health-test',
  sector: 'health',
  index: { method: 'pooled', sections: ['A', 'B'] },
  metrics: [
    { key: 'comprehensive', type: 'comprehensive', label: txt('Comprehensive') },
    { key: 'mean_score', type: 'mean_score', label: txt('Mean score') },
    { key: 'expectation', type: 'mean', item: 'G1', label: txt('G1') },
    { key: 'return', type: 'share', item: 'G2', values: [4, 5], label: txt('G2') },
  ],
  sections: [
    likertSection('A', ['A1', 'A2']),
    likertSection('B', ['B1', 'B2', 'B3']),
    {
      code: 'G',
      title: txt('General'),
      items: [
        { code: 'G1', type: 'number', text: txt('G1'), min: 0, max: 100 },
        { code: 'G2', type: 'choice', text: txt('G2'), options: [1, 2, 3, 4, 5, 6].map((v) => ({ value: v, label: txt(`o${v}`) })) },
        // A rated item outside the index sections: everyone is unhappy with it; it must not leak into the index.
        { code: 'G3', text: txt('G3'), scale: 'likert5' },
      ],
    },
  ],
})

//            A1 A2 | B1 B2 B3 | G1  G2 G3
export const healthRows: Answers[] = [
  { A1: 5, A2: 4, B1: 4, B2: 5, B3: 4, G1: 90, G2: 5, G3: 1 }, // r1: all satisfied
  { A1: 3, A2: 0, B1: 4, B2: 2, B3: 0, G1: 70, G2: 4, G3: 1 }, // r2
  { A1: 4, A2: 5, B1: 0, B2: 0, B3: 0, G1: 80, G2: 3, G3: 1 }, // r3: B all excluded, counted answers all satisfied
  { A1: 2, A2: 1, B1: 3, B2: 4, B3: 5, G1: 50, G2: 2, G3: 1 }, // r4
  { A1: 0, A2: 0, B1: 0, B2: 0, B3: 0, G2: 5, G3: 1 }, //         r5: no counted index answer, no G1
  { A1: 4, A2: 4, B1: 5, B2: 0, B3: 3, G1: 100, G2: 4, G3: 1 }, // r6
]
