/**
 * Checks a citizen's submission against its survey definition. Pure.
 *
 * The HTML form and the JSON API feed the same function: form values arrive
 * as strings, JSON values as numbers or strings, and both normalise to the
 * same answers, so the two channels score the same and replay the same.
 */
import { allItems, type Answers, type Item, type SurveyDefinition } from './survey-types.ts'

export type ProblemCode =
  | 'unknown_item'
  | 'invalid_option'
  | 'not_a_number'
  | 'out_of_range'
  | 'invalid_text'
  | 'too_long'
  | 'required'
  | 'empty_response'
  | 'not_an_object'

export interface Problem {
  /** The item code, `comment`, or `answers` for the whole set. */
  field: string
  code: ProblemCode
  /** Limit that was broken, for the message (e.g. max length). */
  limit?: number
}

export type RawValue = unknown

export interface Submission {
  answers: Answers
  comment: string | null
}

export const COMMENT_MAX = 2000

/** Control characters other than tab and newlines have no place in a comment. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/

// Definitions are loaded once and never change: their item index is built once, not per submission.
const indexes = new WeakMap<SurveyDefinition, Map<string, Item>>()
function itemsByCode(def: SurveyDefinition): Map<string, Item> {
  let byCode = indexes.get(def)
  if (!byCode) indexes.set(def, (byCode = new Map(allItems(def).map((i) => [i.code, i]))))
  return byCode
}

/**
 * Validates and normalises. Rules: unknown items are refused; choices must be
 * one of the item's option values (integers); numbers within the item's
 * bounds; texts trimmed, NFC, without control characters, within their length;
 * an empty value is "not answered"; answers to a follow-up whose condition does
 * not hold are dropped (a no-JavaScript form shows every follow-up).
 */
export function validateSubmission(def: SurveyDefinition, raw: Record<string, RawValue>, rawComment: RawValue): { ok: true; value: Submission } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = []
  const byCode = itemsByCode(def)
  for (const code of Object.keys(raw)) if (!byCode.has(code)) problems.push({ field: code, code: 'unknown_item' })

  const answers: Answers = {}
  for (const item of byCode.values()) {
    const v = raw[item.code]
    if (v === undefined || v === null || v === '') continue
    const parsed = parseValue(item, v)
    if ('problem' in parsed) problems.push({ field: item.code, ...parsed.problem })
    else if (parsed.value !== null) answers[item.code] = parsed.value
  }
  for (const item of byCode.values()) {
    if (item.showIf) {
      const on = answers[item.showIf.item]
      if (typeof on !== 'number' || !item.showIf.in.includes(on)) delete answers[item.code]
    }
    if (item.required && answers[item.code] === undefined && !problems.some((p) => p.field === item.code)) {
      problems.push({ field: item.code, code: 'required' })
    }
  }

  let comment: string | null = null
  if (rawComment !== undefined && rawComment !== null && rawComment !== '') {
    const text = parseText(rawComment, COMMENT_MAX)
    if ('problem' in text) problems.push({ field: 'comment', ...text.problem })
    else comment = text.value
  }
  if (!problems.length && Object.keys(answers).length === 0 && comment === null) {
    problems.push({ field: 'answers', code: 'empty_response' })
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: { answers, comment } }
}

type Parsed = { value: number | string | null } | { problem: Omit<Problem, 'field'> }

function parseValue(item: Item, v: RawValue): Parsed {
  if (item.type === 'text') {
    const text = parseText(v, item.maxLength ?? 1000)
    return 'problem' in text ? text : { value: text.value }
  }
  const n = toNumber(v)
  if (n === null) return { problem: { code: 'not_a_number' } }
  if (item.options) {
    if (!Number.isInteger(n) || !item.options.some((o) => o.value === n)) return { problem: { code: 'invalid_option' } }
    return { value: n }
  }
  if (n < (item.min ?? 0) || n > (item.max ?? 100)) return { problem: { code: 'out_of_range', limit: item.max ?? 100 } }
  return { value: n }
}

/** Numbers from JSON as they are; from a form, a plain decimal string only ("1e3", "0x10", " 4" are refused). */
function toNumber(v: RawValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && /^-?\d{1,9}(\.\d{1,6})?$/.test(v)) return Number(v)
  return null
}

function parseText(v: RawValue, max: number): { value: string | null } | { problem: Omit<Problem, 'field'> } {
  if (typeof v !== 'string') return { problem: { code: 'invalid_text' } }
  if (CONTROL.test(v) || hasLoneSurrogate(v)) return { problem: { code: 'invalid_text' } }
  const text = v.normalize('NFC').replace(/\r\n?/g, '\n').trim()
  if ([...text].length > max) return { problem: { code: 'too_long', limit: max } }
  return { value: text === '' ? null : text }
}

function hasLoneSurrogate(s: string): boolean {
  return !s.isWellFormed()
}
