/**
 * Every shipped instrument scored on a hand-made pair of respondents, with
 * the expected figures worked out by hand from the official formulas.
 */
import { describe, expect, it } from 'vitest'
import { headlineFigure, metricFigures, sectionFigure } from '../../server/domain/scoring.ts'
import { addResponse, emptyTally } from '../../server/domain/tally.ts'
import type { Answers, SurveyDefinition } from '../../server/domain/survey-types.ts'
import { loadSurveys } from '../../server/surveys/load-surveys.ts'

const surveys = loadSurveys(new URL('../../surveys', import.meta.url).pathname)

function score(id: string, respondents: Answers[]) {
  const def = surveys.get(id)!
  const tally = emptyTally(def)
  for (const r of respondents) addResponse(tally, def, r)
  const metrics = Object.fromEntries(metricFigures(tally, def).map((m) => [m.key, m]))
  return { def, tally, head: headlineFigure(tally, def), metrics }
}

/** Every item of the index sections answered `value`, then the exceptions. */
function all(def: SurveyDefinition, sections: string[], value: number, except: Answers = {}): Answers {
  const out: Answers = {}
  for (const s of def.sections) if (sections.includes(s.code)) for (const i of s.items) out[i.code] = value
  return { ...out, ...except }
}

describe('shipped instruments, hand-computed', () => {
  it('counter-rating: share of respondents at Hài lòng or Rất hài lòng', () => {
    const { head } = score('counter-rating', [{ overall: 2 }, { overall: 1 }, { overall: 0, improve: 1 }, { overall: 1 }])
    expect(head.n).toBe(4)
    expect(head.index).toBe(0.75)
  })

  it('sipas: mean of the five elements, each the mean of its criteria; 0 left out', () => {
    const def = surveys.get('sipas')!
    const S = ['I', 'II', 'III', 'IV', 'V']
    const { head, tally, metrics } = score('sipas', [all(def, S, 4, { C15: 2, C23: 1 }), all(def, S, 5, { C28: 0, C31: 3 })])
    // I: C15 ½, C16–18 1 → 0.875; II 1; III: C23 ½ → 0.9; IV: C28 only R1 (4) → 1; V: C31 ½ → 2.5/3.
    expect(sectionFigure(tally, def, 'I').index).toBeCloseTo(0.875, 12)
    expect(sectionFigure(tally, def, 'V').index).toBeCloseTo(2.5 / 3, 12)
    expect(head.index).toBeCloseTo((0.875 + 1 + 0.9 + 1 + 2.5 / 3) / 5, 12)
    expect(head.n).toBe(2)
    // Neither respondent satisfied on every criterion.
    expect(metrics.comprehensive!.value).toBe(0)
    // Mean score: R1 = 17·4 + 2 + 1 = 71 over 19; R2 = 17·5 + 3 = 88 over 18 → 159 / 37.
    expect(metrics.mean_score!.value).toBeCloseTo(159 / 37, 12)
  })

  it('health-outpatient: pooled share over the 31 items of A–E; G1 mean; G2 would return', () => {
    const def = surveys.get('health-outpatient')!
    const AE = ['A', 'B', 'C', 'D', 'E']
    const r1 = { ...all(def, AE, 4, { A1: 0, B1: 2 }), E5: 3, G1: 80, G2: 5, H2: 'Cần thêm ghế chờ' }
    const r2 = { ...all(def, AE, 5, { E1: 3, E2: 3, E3: 3, E4: 3 }), E5: 5, G1: 90, G2: 3 }
    const { head, metrics } = score('health-outpatient', [r1, r2])
    // R1: 30 counted, 29 satisfied; R2: 31 counted, 27 satisfied → 56/61.
    expect(head.index).toBeCloseTo(56 / 61, 12)
    expect(metrics.expectations_met!.value).toBe(85)
    expect(metrics.would_return!.value).toBe(0.5)
    expect(metrics.comprehensive!.value).toBe(0)
  })

  it('health-inpatient: pooled share over the 36 items; toàn diện counts respondents satisfied on all', () => {
    const def = surveys.get('health-inpatient')!
    const AE = ['A', 'B', 'C', 'D', 'E']
    const { head, metrics, tally } = score('health-inpatient', [all(def, AE, 5), all(def, AE, 1)])
    expect(tally.A.filter((a) => a === 2)).toHaveLength(36)
    expect(head.index).toBe(0.5)
    expect(metrics.comprehensive!.value).toBe(0.5)
    expect(metrics.mean_score!.value).toBe(3)
  })

  it('education-parents: mean of the five content areas; the overall item reported apart, 0 excluded', () => {
    const def = surveys.get('education-parents')!
    const AE = ['A', 'B', 'C', 'D', 'E']
    const { head, metrics } = score('education-parents', [
      { ...all(def, AE, 4), F1: 5 },
      { ...all(def, AE, 5, { A1: 2, A2: 2, A3: 2, A4: 2 }), F1: 0 },
    ])
    // A: ½ (R1 yes, R2 no on every item); B–E: 1 → 4.5/5.
    expect(head.index).toBeCloseTo(0.9, 12)
    expect(metrics.overall!.value).toBe(1)
    expect(metrics.overall!.n).toBe(1)
  })
})
