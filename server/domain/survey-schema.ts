/**
 * Validates a survey definition file and resolves it into a `SurveyDefinition`.
 * Pure: takes parsed JSON, returns the definition or the list of problems, each
 * naming the field by its path (`sections[2].items[0].satisfied`), so a broken
 * file stops start-up with a message a province's editor can act on.
 */
import { z } from 'zod'
import {
  ITEM_TYPES,
  SECTORS,
  type Item,
  type LocalText,
  type Section,
  type SurveyDefinition,
} from './survey-types.ts'

const code = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a code: a letter, then letters, digits or _')
const localText = z.object({ vi: z.string().min(1), en: z.string().min(1) }).catchall(z.string().min(1))
const option = z.object({ value: z.number().int().min(0).max(99), label: localText }).strict()

const scale = z
  .object({
    type: z.enum(ITEM_TYPES),
    options: z.array(option).min(2).optional(),
    satisfied: z.array(z.number().int()).optional(),
    excluded: z.array(z.number().int()).optional(),
  })
  .strict()

const item = z
  .object({
    code,
    text: localText,
    help: localText.optional(),
    type: z.enum(ITEM_TYPES).optional(),
    scale: z.string().optional(),
    options: z.array(option).min(2).optional(),
    satisfied: z.array(z.number().int()).optional(),
    excluded: z.array(z.number().int()).optional(),
    required: z.boolean().optional(),
    showIf: z.object({ item: code, in: z.array(z.number().int()).min(1) }).strict().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.number().int().min(1).max(4000).optional(),
  })
  .strict()

const section = z.object({ code, title: localText, items: z.array(item).min(1) }).strict()

const metric = z.discriminatedUnion('type', [
  z.object({ key: code, type: z.literal('comprehensive'), label: localText }).strict(),
  z.object({ key: code, type: z.literal('mean_score'), label: localText }).strict(),
  z.object({ key: code, type: z.literal('mean'), item: code, label: localText }).strict(),
  z.object({ key: code, type: z.literal('share'), item: code, values: z.array(z.number().int()).min(1), label: localText }).strict(),
])

const surveyFile = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/, 'a lowercase id with dashes'),
    version: z.number().int().min(1),
    sector: z.enum(SECTORS),
    title: localText,
    intro: localText.optional(),
    source: z
      .object({ document: z.string().min(3), url: z.string().url().optional(), verification: z.enum(['V', 'V2', 'R', 'GK']), note: localText.optional() })
      .strict(),
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1).optional(),
    scales: z.record(z.string(), scale).optional(),
    index: z.discriminatedUnion('method', [
      z.object({ method: z.literal('respondent'), item: code }).strict(),
      z.object({ method: z.literal('pooled'), sections: z.array(code).min(1) }).strict(),
      z.object({ method: z.literal('sections'), sections: z.array(code).min(1) }).strict(),
    ]),
    metrics: z.array(metric).optional(),
    sections: z.array(section).min(1),
  })
  .strict()

type SurveyFile = z.infer<typeof surveyFile>
export type SchemaResult = { ok: true; survey: SurveyDefinition } | { ok: false; problems: string[] }

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || '(top level)'
}

/** Parses raw JSON into a resolved definition, or lists every problem with its field path. */
export function parseSurveyDefinition(raw: unknown): SchemaResult {
  const shape = surveyFile.safeParse(raw)
  if (!shape.success) {
    return { ok: false, problems: shape.error.issues.map((i) => `${pathText(i.path)}: ${i.message}`) }
  }
  const problems: string[] = []
  const survey = resolve(shape.data, problems)
  checkReferences(survey, problems)
  return problems.length ? { ok: false, problems } : { ok: true, survey }
}

function resolve(file: SurveyFile, problems: string[]): SurveyDefinition {
  const languages = file.languages ?? ['vi', 'en']
  const checkText = (t: LocalText | undefined, path: string) => {
    if (!t) return
    for (const lang of languages) if (!t[lang]) problems.push(`${path}: missing the "${lang}" text`)
  }
  checkText(file.title, 'title')
  checkText(file.intro, 'intro')
  const sections: Section[] = file.sections.map((s, si) => {
    checkText(s.title, `sections[${si}].title`)
    return {
      code: s.code,
      title: s.title,
      items: s.items.map((raw, ii) => {
        const path = `sections[${si}].items[${ii}]`
        checkText(raw.text, `${path}.text`)
        const shared = raw.scale === undefined ? undefined : file.scales?.[raw.scale]
        if (raw.scale !== undefined && !shared) problems.push(`${path}.scale: no scale named "${raw.scale}" in "scales"`)
        const type = raw.type ?? shared?.type
        if (!type) problems.push(`${path}.type: missing (give "type" or "scale")`)
        const item: Item = {
          code: raw.code,
          text: raw.text,
          type: type ?? 'text',
          required: raw.required ?? false,
        }
        const options = raw.options ?? shared?.options
        const satisfied = raw.satisfied ?? shared?.satisfied
        const excluded = raw.excluded ?? shared?.excluded
        if (options) item.options = options
        if (satisfied) item.satisfied = satisfied
        if (excluded) item.excluded = excluded
        if (raw.help) item.help = raw.help
        if (raw.showIf) item.showIf = raw.showIf
        item.options?.forEach((o, oi) => checkText(o.label, `${path}.options[${oi}].label`))
        checkItem(item, raw, path, problems)
        return item
      }),
    }
  })
  return {
    id: file.id,
    version: file.version,
    sector: file.sector,
    title: file.title,
    ...(file.intro ? { intro: file.intro } : {}),
    source: file.source,
    languages,
    index: file.index,
    metrics: file.metrics ?? [],
    sections,
  }
}

const CHOICE_TYPES = new Set(['likert5', 'level3', 'choice'])

function checkItem(item: Item, raw: SurveyFile['sections'][number]['items'][number], path: string, problems: string[]) {
  if (CHOICE_TYPES.has(item.type)) {
    if (!item.options) return void problems.push(`${path}.options: a ${item.type} item needs options`)
    const values = item.options.map((o) => o.value)
    if (new Set(values).size !== values.length) problems.push(`${path}.options: option values repeat`)
    const counted = values.filter((v) => !item.excluded?.includes(v)).sort((a, b) => a - b)
    if (item.type === 'likert5' && counted.join() !== '1,2,3,4,5') problems.push(`${path}.options: a likert5 item has values 1–5 (plus excluded ones)`)
    if (item.type === 'level3' && counted.length !== 3) problems.push(`${path}.options: a level3 item has three counted values`)
    for (const key of ['satisfied', 'excluded'] as const) {
      for (const v of item[key] ?? []) if (!values.includes(v)) problems.push(`${path}.${key}: ${v} is not an option value`)
    }
    if (item.satisfied?.some((v) => item.excluded?.includes(v))) problems.push(`${path}.satisfied: a value cannot be both satisfied and excluded`)
  } else {
    if (item.options) problems.push(`${path}.options: a ${item.type} item has no options`)
    if (item.satisfied) problems.push(`${path}.satisfied: only items with options can count as satisfied`)
  }
  if (item.type === 'number') {
    item.min = raw.min ?? 0
    item.max = raw.max ?? 100
    if (item.min >= item.max) problems.push(`${path}.max: must be above min`)
  } else if (raw.min !== undefined || raw.max !== undefined) {
    problems.push(`${path}.min: only number items have bounds`)
  }
  if (item.type === 'text') item.maxLength = raw.maxLength ?? 1000
  else if (raw.maxLength !== undefined) problems.push(`${path}.maxLength: only text items have a length`)
}

function checkReferences(def: SurveyDefinition, problems: string[]) {
  const seen = new Map<string, Item>()
  const sectionCodes = new Set<string>()
  def.sections.forEach((s, si) => {
    if (sectionCodes.has(s.code)) problems.push(`sections[${si}].code: "${s.code}" repeats`)
    sectionCodes.add(s.code)
    s.items.forEach((item, ii) => {
      const path = `sections[${si}].items[${ii}]`
      if (seen.has(item.code)) problems.push(`${path}.code: "${item.code}" repeats`)
      if (item.code === 'comment' || item.code === 'id' || item.code === 'touchpoint') problems.push(`${path}.code: "${item.code}" is reserved`)
      if (item.showIf) {
        const target = seen.get(item.showIf.item)
        if (!target) problems.push(`${path}.showIf.item: "${item.showIf.item}" must be an earlier item`)
        else if (!target.options) problems.push(`${path}.showIf.item: "${item.showIf.item}" has no options`)
        else for (const v of item.showIf.in) if (!target.options.some((o) => o.value === v)) problems.push(`${path}.showIf.in: ${v} is not an option of "${item.showIf.item}"`)
        if (item.required) problems.push(`${path}.required: a conditional item cannot be required`)
      }
      seen.set(item.code, item)
    })
  })
  const index = def.index
  if (index.method === 'respondent') {
    const item = seen.get(index.item)
    if (!item) problems.push(`index.item: no item "${index.item}"`)
    else if (!item.satisfied) problems.push(`index.item: "${index.item}" is not a rated item (it has no "satisfied")`)
    else if (item.showIf) problems.push(`index.item: "${index.item}" is conditional`)
  } else {
    index.sections.forEach((code, i) => {
      const s = def.sections.find((x) => x.code === code)
      if (!s) problems.push(`index.sections[${i}]: no section "${code}"`)
      else if (!s.items.some((it) => it.satisfied)) problems.push(`index.sections[${i}]: section "${code}" has no rated item`)
    })
  }
  const keys = new Set<string>()
  def.metrics.forEach((m, i) => {
    if (keys.has(m.key)) problems.push(`metrics[${i}].key: "${m.key}" repeats`)
    keys.add(m.key)
    if (m.type === 'mean' || m.type === 'share') {
      const item = seen.get(m.item)
      if (!item) problems.push(`metrics[${i}].item: no item "${m.item}"`)
      else if (m.type === 'mean' && item.type !== 'number' && !item.options) problems.push(`metrics[${i}].item: "${m.item}" has no numeric answer`)
      else if (m.type === 'share' && !item.options) problems.push(`metrics[${i}].item: "${m.item}" has no options`)
      else if (m.type === 'share') for (const v of m.values) if (!item.options!.some((o) => o.value === v)) problems.push(`metrics[${i}].values: ${v} is not an option of "${m.item}"`)
    }
  })
}
