/**
 * The survey definition after loading: the spine every layer imports.
 * The file format in `surveys/*.json` is documented in the README and
 * validated by `survey-schema.ts`, which resolves shared scales into items
 * so that every consumer sees options, `satisfied` and `excluded` on the item.
 */

/** A text in every language the survey offers; `vi` is always present. */
export type LocalText = { vi: string; en: string } & Record<string, string>

export const SECTORS = ['administrative', 'health', 'education'] as const
export type Sector = (typeof SECTORS)[number]

export const ITEM_TYPES = ['likert5', 'level3', 'choice', 'number', 'text'] as const
export type ItemType = (typeof ITEM_TYPES)[number]

export interface Option {
  value: number
  label: LocalText
}

/** Shows an item only when another item's answer is one of `in`. */
export interface Condition {
  item: string
  in: number[]
}

export interface Item {
  code: string
  text: LocalText
  type: ItemType
  /** Choices, for likert5, level3 and choice items. */
  options?: Option[]
  /** Values counted as satisfied; an item that has it is a rated item. */
  satisfied?: number[]
  /** Values left out of every denominator (e.g. 0 "Không sử dụng / không ý kiến"). */
  excluded?: number[]
  required: boolean
  showIf?: Condition
  /** Bounds for number items. */
  min?: number
  max?: number
  /** Longest accepted answer for text items. */
  maxLength?: number
  help?: LocalText
}

export interface Section {
  code: string
  title: LocalText
  items: Item[]
}

export type IndexMethod = 'respondent' | 'pooled' | 'sections'

/**
 * The headline index, the one checked against targets.
 * - respondent: share of respondents satisfied on one overall item;
 * - pooled: satisfied answers over all rated answers in the sections (Bộ Y tế);
 * - sections: mean of section indices, each the mean of its item indices (SIPAS).
 */
export type IndexSpec =
  | { method: 'respondent'; item: string }
  | { method: 'pooled'; sections: string[] }
  | { method: 'sections'; sections: string[] }

/** Secondary figures the instrument reports beside its index. */
export type MetricSpec =
  | { key: string; type: 'comprehensive'; label: LocalText }
  | { key: string; type: 'mean'; item: string; label: LocalText }
  | { key: string; type: 'share'; item: string; values: number[]; label: LocalText }
  | { key: string; type: 'mean_score'; label: LocalText }

export interface SourceRef {
  /** The official document the questionnaire follows, e.g. "QĐ 56/QĐ-BYT (08/01/2024), Mẫu 2". */
  document: string
  url?: string
  /** How far the wording was verified (see methodology.md): V, V2, R, GK. */
  verification: string
  note?: LocalText
}

export interface SurveyDefinition {
  id: string
  version: number
  sector: Sector
  title: LocalText
  intro?: LocalText
  source: SourceRef
  languages: string[]
  index: IndexSpec
  metrics: MetricSpec[]
  sections: Section[]
}

/** One respondent's answers, by item code. Numbers for choices, strings for text. */
export type Answers = Record<string, number | string>

/** Rated items are those that declare which answers count as satisfied. */
export function isRated(item: Item): item is Item & { satisfied: number[] } {
  return Array.isArray(item.satisfied)
}

export function allItems(def: SurveyDefinition): Item[] {
  return def.sections.flatMap((s) => s.items)
}

export function findItem(def: SurveyDefinition, code: string): Item | undefined {
  for (const s of def.sections) for (const i of s.items) if (i.code === code) return i
  return undefined
}

/** The rated items the headline index covers, in definition order. */
export function indexItems(def: SurveyDefinition): Item[] {
  const spec = def.index
  if (spec.method === 'respondent') {
    const item = findItem(def, spec.item)
    return item ? [item] : []
  }
  return def.sections.filter((s) => spec.sections.includes(s.code)).flatMap((s) => s.items.filter(isRated))
}

/** Picks the text in `lang`, falling back to Vietnamese. */
export function local(text: LocalText, lang: string): string {
  return text[lang] ?? text.vi
}
