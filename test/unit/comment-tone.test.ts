/**
 * The rating behind a comment: negative when the respondent pulled the
 * instrument's index down, by the instrument's own method.
 */
import { describe, expect, it } from 'vitest'
import { toneOf } from '../../server/domain/comment-tone.ts'
import { loadSurveys } from '../../server/surveys/load-surveys.ts'
import { define, likertSection, txt } from './fixtures.ts'

const shipped = loadSurveys(new URL('../../surveys', import.meta.url).pathname)

describe('toneOf', () => {
  const counter = shipped.get('counter-rating')!
  it('respondent method: the overall item decides', () => {
    expect(toneOf(counter, { overall: 0, improve: 1 })).toBe('negative')
    expect(toneOf(counter, { overall: 1 })).toBe('positive')
    expect(toneOf(counter, { overall: 2 })).toBe('positive')
    expect(toneOf(counter, { improve: 1 })).toBeNull()
  })

  const pooled = define({ index: { method: 'pooled', sections: ['A', 'B'] }, sections: [likertSection('A', ['A1', 'A2']), likertSection('B', ['B1', 'B2']), { code: 'H', title: txt('H'), items: [{ code: 'H1', text: txt('Y kien'), type: 'text' }] }] })
  it('pooled method: fewer than half of the counted index answers satisfied is negative', () => {
    expect(toneOf(pooled, { A1: 2, A2: 3, B1: 4, B2: 5 })).toBe('positive') // 2 of 4: half is not less than half
    expect(toneOf(pooled, { A1: 2, A2: 3, B1: 4, B2: 1 })).toBe('negative') // 1 of 4
    expect(toneOf(pooled, { A1: 1, H1: 'tệ' })).toBe('negative')
    expect(toneOf(pooled, { A1: 5, B1: 0, B2: 0 })).toBe('positive') // "không ý kiến" does not count
    expect(toneOf(pooled, { A1: 0, H1: 'ý kiến' })).toBeNull()
  })

  it('sections method (SIPAS) follows the same share rule', () => {
    const sipas = shipped.get('sipas')!
    expect(toneOf(sipas, { C15: 1, C16: 2, C17: 5 })).toBe('negative')
    expect(toneOf(sipas, { C15: 4, C16: 5, C17: 2 })).toBe('positive')
  })
})
