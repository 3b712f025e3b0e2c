/**
 * The shipped instrument files scored end to end on simple respondents.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { headlineFigure, metricFigures, sectionFigure } from '../../server/domain/scoring.ts'
import { parseSurveyDefinition } from '../../server/domain/survey-schema.ts'
import { allItems, indexItems, isRated, type Answers, type SurveyDefinition } from '../../server/domain/survey-types.ts'
import { tallyOf } from './fixtures.ts'

function load(path: string): SurveyDefinition | null {
  const file = new URL(`../../${path}`, import.meta.url)
  if (!existsSync(file)) return null
  const result = parseSurveyDefinition(JSON.parse(readFileSync(file, 'utf8')))
  return result.ok ? result.survey : null
}

/** A respondent who answers every item: satisfied (first satisfied value) or not (first counted, unsatisfied value). */
function respondent(def: SurveyDefinition, happy: boolean): Answers {
  const answers: Answers = {}
  for (const item of allItems(def)) {
    if (item.showIf) {
      const v = answers[item.showIf.item]
      if (typeof v !== 'number' || !item.showIf.in.includes(v)) continue
    }
    if (isRated(item)) {
      const unhappy = item.options!.map((o) => o.value).find((v) => !item.satisfied.includes(v) && !item.excluded?.includes(v))
      answers[item.code] = happy ? item.satisfied[0]! : unhappy!
    } else if (item.options) answers[item.code] = item.options[0]!.value
    else if (item.type === 'number') answers[item.code] = item.min ?? 0
  }
  return answers
}

describe('real instruments (skipped when the file is absent or does not parse)', () => {
  for (const path of ['surveys/health-outpatient.json', 'surveys/sipas.json']) {
    const def = load(path)
    it.skipIf(def === null)(`${path}: one satisfied and one unsatisfied respondent score 0.5`, () => {
      const d = def!
      expect(indexItems(d).length).toBeGreaterThan(0)
      const happy = tallyOf(d, [respondent(d, true)])
      // closeTo, not toBe: the sections method sums w_j·S_j term by term and gives 0.9999999999999999 on sipas.json (reported)
      expect(headlineFigure(happy, d).index!).toBeCloseTo(1, 12)
      const sad = tallyOf(d, [respondent(d, false)])
      expect(headlineFigure(sad, d).index!).toBeCloseTo(0, 12)
      const both = tallyOf(d, [respondent(d, true), respondent(d, false)])
      const fig = headlineFigure(both, d)
      expect(fig.n).toBe(2)
      expect(fig.index!).toBeCloseTo(0.5, 12)
      for (const s of d.sections) {
        const sf = sectionFigure(both, d, s.code)
        if (s.items.some(isRated)) expect(sf.index!, s.code).toBeCloseTo(0.5, 12)
      }
      const m = Object.fromEntries(metricFigures(both, d).map((f) => [f.type, f]))
      if (m.comprehensive) expect(m.comprehensive.value!).toBeCloseTo(0.5, 12)
      if (m.mean_score) {
        expect(m.mean_score.value!).toBeGreaterThanOrEqual(1)
        expect(m.mean_score.value!).toBeLessThanOrEqual(5)
      }
    })
  }
})
