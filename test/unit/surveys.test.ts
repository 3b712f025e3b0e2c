/**
 * The survey definition files in `surveys/` and the validator that loads them:
 * every file parses, the official instruments have the item counts of
 * methodology.md (§1.3, §2.3–2.4), every text is bilingual, and a broken file
 * is rejected with a message that names the field.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSurveyDefinition } from '../../server/domain/survey-schema.ts'
import { allItems, findItem, indexItems, isRated, type LocalText, type SurveyDefinition } from '../../server/domain/survey-types.ts'

const DIR = join(import.meta.dirname, '../../surveys')
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
const VI_MARKS = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i

function readRaw(file: string): unknown {
  return JSON.parse(readFileSync(join(DIR, file), 'utf8'))
}

function load(file: string): SurveyDefinition {
  const result = parseSurveyDefinition(readRaw(file))
  if (!result.ok) throw new Error(`${file}:\n  ${result.problems.join('\n  ')}`)
  return result.survey
}

const surveys = new Map(FILES.map((f) => [f, load(f)] as const))

function survey(id: string): SurveyDefinition {
  const found = [...surveys.values()].find((s) => s.id === id)
  if (!found) throw new Error(`no survey "${id}" in surveys/`)
  return found
}

/** Every text of a definition with where it sits, for the language checks. */
function texts(def: SurveyDefinition): Array<[string, LocalText]> {
  const out: Array<[string, LocalText]> = [['title', def.title]]
  if (def.intro) out.push(['intro', def.intro])
  if (def.source.note) out.push(['source.note', def.source.note])
  def.metrics.forEach((m) => out.push([`metric ${m.key}`, m.label]))
  for (const s of def.sections) {
    out.push([`section ${s.code}`, s.title])
    for (const item of s.items) {
      out.push([item.code, item.text])
      if (item.help) out.push([`${item.code}.help`, item.help])
      item.options?.forEach((o) => out.push([`${item.code} option ${o.value}`, o.label]))
    }
  }
  return out
}

function ratedCounts(def: SurveyDefinition, codes: string[]): number[] {
  return codes.map((code) => def.sections.find((s) => s.code === code)?.items.filter(isRated).length ?? -1)
}

describe('survey files', () => {
  it('finds the expected files', () => {
    expect(FILES).toEqual(
      expect.arrayContaining(['counter-rating.json', 'sipas.json', 'health-outpatient.json', 'health-inpatient.json', 'education-parents.json']),
    )
  })

  it.each(FILES)('%s parses with no problems', (file) => {
    const result = parseSurveyDefinition(readRaw(file))
    // Printed on failure so the broken field is visible in the test output.
    expect(result.ok ? [] : result.problems).toEqual([])
  })

  it('gives every survey a distinct id that matches its file name', () => {
    for (const [file, def] of surveys) expect(`${def.id}.json`).toBe(file)
  })

  it.each(FILES)('%s has both vi and en for every text and option label', (file) => {
    const def = surveys.get(file)!
    for (const [where, text] of texts(def)) {
      expect(text.vi?.trim(), `${file} ${where}: vi`).toBeTruthy()
      expect(text.en?.trim(), `${file} ${where}: en`).toBeTruthy()
    }
  })

  it.each(FILES)('%s writes Vietnamese with diacritics in its title and section titles', (file) => {
    const def = surveys.get(file)!
    expect(def.title.vi, `${file} title`).toMatch(VI_MARKS)
    for (const s of def.sections) expect(s.title.vi, `${file} section ${s.code}`).toMatch(VI_MARKS)
  })

  it.each(FILES)('%s writes every item text in Vietnamese with diacritics', (file) => {
    for (const item of allItems(surveys.get(file)!)) expect(item.text.vi, `${file} ${item.code}`).toMatch(VI_MARKS)
  })

  it.each(FILES)('%s cites its source with a methodology verification tag', (file) => {
    const def = surveys.get(file)!
    expect(['V', 'V2', 'R', 'GK']).toContain(def.source.verification)
    expect(def.source.note, `${file} source.note`).toBeDefined()
  })

  it('leaves every item optional except the one-stop rating', () => {
    for (const id of ['sipas', 'health-outpatient', 'health-inpatient', 'education-parents']) {
      for (const item of allItems(survey(id))) expect(item.required, `${id} ${item.code}`).toBe(false)
    }
  })
})

describe('sipas', () => {
  const def = survey('sipas')

  it('covers the five elements with 4 + 4 + 5 + 3 + 3 = 19 criteria', () => {
    expect(def.index).toEqual({ method: 'sections', sections: ['I', 'II', 'III', 'IV', 'V'] })
    expect(ratedCounts(def, ['I', 'II', 'III', 'IV', 'V'])).toEqual([4, 4, 5, 3, 3])
    expect(indexItems(def)).toHaveLength(19)
  })

  it('numbers the criteria as questions 15–33 of the questionnaire', () => {
    expect(indexItems(def).map((i) => i.code)).toEqual(Array.from({ length: 19 }, (_, k) => `C${15 + k}`))
  })

  it('rates on the 5-level scale with 0 excluded and 4–5 satisfied', () => {
    for (const item of indexItems(def)) {
      expect(item.type).toBe('likert5')
      expect(item.options?.map((o) => o.value)).toEqual([1, 2, 3, 4, 5, 0])
      expect(item.options?.[0]?.label.vi).toBe('Rất không hài lòng')
      expect(item.options?.[4]?.label.vi).toBe('Rất hài lòng')
      expect(item.satisfied).toEqual([4, 5])
      expect(item.excluded).toEqual([0])
    }
  })

  it('writes out the abbreviated criteria in full', () => {
    expect(findItem(def, 'C29')?.text.vi).toBe('Kết quả giải quyết thủ tục hành chính cho người dân có thông tin đầy đủ, chính xác.')
    for (const item of indexItems(def)) expect(item.text.vi, item.code).not.toMatch(/…|\.\.\./)
  })

  it('reports the comprehensive rate and the mean score', () => {
    expect(def.metrics.map((m) => [m.key, m.type])).toEqual([
      ['comprehensive', 'comprehensive'],
      ['mean_score', 'mean_score'],
    ])
  })
})

describe.each([
  { id: 'health-outpatient', counts: [5, 10, 8, 4, 4], total: 31, cost: 'E5' },
  { id: 'health-inpatient', counts: [5, 7, 11, 7, 6], total: 36, cost: 'E7' },
])('$id', ({ id, counts, total, cost }) => {
  const def = survey(id)

  it(`pools ${total} rated items over sections A–E`, () => {
    expect(def.sector).toBe('health')
    expect(def.index).toEqual({ method: 'pooled', sections: ['A', 'B', 'C', 'D', 'E'] })
    expect(ratedCounts(def, ['A', 'B', 'C', 'D', 'E'])).toEqual(counts)
    expect(indexItems(def)).toHaveLength(total)
    expect(allItems(def).filter(isRated)).toHaveLength(total)
  })

  it('rates on the health scale with 0 "Không sử dụng, không ý kiến" excluded', () => {
    for (const item of indexItems(def)) {
      expect(item.type).toBe('likert5')
      expect(item.options?.map((o) => o.value)).toEqual([1, 2, 3, 4, 5, 0])
      expect(item.options?.[0]?.label.vi).toBe('Rất không hài lòng / Rất kém')
      expect(item.options?.[5]?.label.vi).toBe('Không sử dụng, không ý kiến')
      expect(item.satisfied).toEqual([4, 5])
      expect(item.excluded).toEqual([0])
    }
  })

  it(`asks the cost question ${cost} as an unrated choice outside the index`, () => {
    const item = findItem(def, cost)
    expect(item?.type).toBe('choice')
    expect(item?.options).toHaveLength(6)
    expect(item && isRated(item)).toBe(false)
    expect(indexItems(def).map((i) => i.code)).not.toContain(cost)
  })

  it('asks G1 as a number from 0 to 100', () => {
    const g1 = findItem(def, 'G1')
    expect(g1?.type).toBe('number')
    expect([g1?.min, g1?.max]).toEqual([0, 100])
  })

  it('asks G2 as a choice of 6 options, unrated', () => {
    const g2 = findItem(def, 'G2')
    expect(g2?.type).toBe('choice')
    expect(g2?.options?.map((o) => o.value)).toEqual([1, 2, 3, 4, 5, 6])
    expect(g2?.satisfied).toBeUndefined()
  })

  it('ends with the two free-text questions H1 and H2', () => {
    const textItems = allItems(def).filter((i) => i.type === 'text')
    expect(textItems.map((i) => i.code)).toEqual(['H1', 'H2'])
  })

  it('reports comprehensive, mean score, expectations met and would-return', () => {
    expect(def.metrics).toEqual([
      expect.objectContaining({ key: 'comprehensive', type: 'comprehensive' }),
      expect.objectContaining({ key: 'mean_score', type: 'mean_score' }),
      expect.objectContaining({ key: 'expectations_met', type: 'mean', item: 'G1' }),
      expect.objectContaining({ key: 'would_return', type: 'share', item: 'G2', values: [4, 5] }),
    ])
  })
})

describe('education-parents', () => {
  const def = survey('education-parents')

  it('averages five content areas and keeps the overall item out of the index', () => {
    expect(def.sector).toBe('education')
    expect(def.index.method).toBe('sections')
    const areas = def.index.method === 'sections' ? def.index.sections : []
    expect(areas).toHaveLength(5)
    for (const n of ratedCounts(def, areas)) expect(n).toBeGreaterThanOrEqual(3)
    const overall = def.metrics.find((m) => m.key === 'overall')
    expect(overall).toMatchObject({ type: 'share', values: [4, 5] })
    const code = overall && 'item' in overall ? overall.item : ''
    expect(findItem(def, code)?.satisfied).toEqual([4, 5])
    expect(indexItems(def).map((i) => i.code)).not.toContain(code)
    expect(def.metrics.some((m) => m.type === 'comprehensive')).toBe(true)
  })

  it('offers one optional free-text item for suggestions', () => {
    const textItems = allItems(def).filter((i) => i.type === 'text')
    expect(textItems).toHaveLength(1)
    expect(textItems[0]?.required).toBe(false)
  })
})

describe('parseSurveyDefinition rejects a broken file', () => {
  const base = () => structuredClone(readRaw('counter-rating.json')) as any

  function problemsOf(raw: unknown): string[] {
    const result = parseSurveyDefinition(raw)
    expect(result.ok).toBe(false)
    return result.ok ? [] : result.problems
  }

  it('accepts the unchanged example', () => {
    expect(parseSurveyDefinition(base()).ok).toBe(true)
  })

  it('names a "satisfied" value that is not an option', () => {
    const raw = base()
    raw.sections[0].items[0].satisfied = [1, 2, 9]
    const problems = problemsOf(raw)
    expect(problems).toEqual([expect.stringContaining('sections[0].items[0].satisfied')])
    expect(problems[0]).toContain('9')
  })

  it('names an index item that does not exist', () => {
    const raw = base()
    raw.index.item = 'nosuchitem'
    expect(problemsOf(raw)).toEqual([expect.stringMatching(/^index\.item: .*nosuchitem/)])
  })

  it('names an index section that does not exist', () => {
    const raw = base()
    raw.index = { method: 'pooled', sections: ['R', 'Z'] }
    expect(problemsOf(raw)).toEqual([expect.stringMatching(/^index\.sections\[1\]: .*"Z"/)])
  })

  it('names a missing "en" text', () => {
    const raw = base()
    delete raw.sections[0].items[0].text.en
    expect(problemsOf(raw)).toEqual([expect.stringContaining('sections[0].items[0].text.en')])
  })

  it('names a missing "en" option label', () => {
    const raw = base()
    delete raw.sections[0].items[1].options[2].label.en
    expect(problemsOf(raw)).toEqual([expect.stringContaining('sections[0].items[1].options[2].label.en')])
  })

  it('names a repeated item code', () => {
    const raw = base()
    raw.sections[0].items.push({ ...structuredClone(raw.sections[0].items[0]), required: false })
    const problems = problemsOf(raw)
    expect(problems).toEqual([expect.stringContaining('sections[0].items[2].code')])
    expect(problems[0]).toContain('"overall" repeats')
  })

  it('names an unknown shared scale', () => {
    const raw = base()
    const item = raw.sections[0].items[0]
    delete item.type
    delete item.options
    item.scale = 'likert5'
    const problems = problemsOf(raw)
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('sections[0].items[0].scale')]))
  })
})
