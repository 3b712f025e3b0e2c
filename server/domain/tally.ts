/**
 * Additive sufficient statistics of one instrument over a set of responses.
 *
 * Everything here is a count or a sum, so tallies of days, touchpoints or
 * units add up to the tally of their union. That is what lets pre-aggregated
 * rollups answer with exact figures. The cross moments (yy, ya, aa) over
 * respondents are what an honest interval for a pooled or multi-item index
 * needs: they give the variance of any weighted sum of item ratios with the
 * respondent as the cluster (Taylor linearisation), without keeping the
 * respondents themselves.
 */
import { allItems, indexItems, isRated, type Answers, type Item, type SurveyDefinition } from './survey-types.ts'

export interface NumberSums {
  n: number
  sum: number
  sum2: number
}

export interface Tally {
  /** Respondents. */
  n: number
  /** Rated item codes; the position of each is its index in the arrays below. */
  rated: string[]
  /** A: answers counted (not excluded), S: satisfied answers, per rated item. */
  A: number[]
  S: number[]
  /** Sum of counted answer values, for mean scores. */
  score: number[]
  /** Cross moments over respondents, R×R row-major: Σ y_j·y_k, Σ y_j·a_k, Σ a_j·a_k. */
  yy: number[]
  ya: number[]
  aa: number[]
  /** Respondents with at least one counted answer on the index items, and those satisfied on all of them. */
  indexAnswered: number
  allSatisfied: number
  /** Respondents with at least one counted answer in each section. */
  sectionAnswered: Record<string, number>
  /** Answer counts per value, for every item with options (excluded values included). */
  dist: Record<string, Record<string, number>>
  /** Sums of number items. */
  numbers: Record<string, NumberSums>
}

export function emptyTally(def: SurveyDefinition): Tally {
  const { ratedItems, optionCodes, numberCodes, sectionCodes } = layoutOf(def)
  const rated = ratedItems.map((i) => i.code)
  const r = rated.length
  const dist: Tally['dist'] = {}
  const numbers: Tally['numbers'] = {}
  for (const code of optionCodes) dist[code] = {}
  for (const code of numberCodes) numbers[code] = { n: 0, sum: 0, sum2: 0 }
  return {
    n: 0,
    rated,
    A: new Array(r).fill(0),
    S: new Array(r).fill(0),
    score: new Array(r).fill(0),
    yy: new Array(r * r).fill(0),
    ya: new Array(r * r).fill(0),
    aa: new Array(r * r).fill(0),
    indexAnswered: 0,
    allSatisfied: 0,
    sectionAnswered: Object.fromEntries(sectionCodes.map((code) => [code, 0])),
    dist,
    numbers,
  }
}

interface Layout {
  ratedItems: (Item & { satisfied: number[] })[]
  indexCodes: Set<string>
  sectionOf: Map<string, string>
  optionCodes: string[]
  numberCodes: string[]
  sectionCodes: string[]
}

/** What emptyTally and addResponse need of a definition, worked out once per definition: they run for every response read or written. */
const layouts = new WeakMap<SurveyDefinition, Layout>()
function layoutOf(def: SurveyDefinition): Layout {
  let layout = layouts.get(def)
  if (!layout) {
    layout = {
      ratedItems: allItems(def).filter(isRated),
      indexCodes: new Set(indexItems(def).map((i) => i.code)),
      sectionOf: new Map(def.sections.flatMap((s) => s.items.map((i) => [i.code, s.code] as const))),
      optionCodes: allItems(def).filter((i) => i.options).map((i) => i.code),
      numberCodes: allItems(def).filter((i) => i.type === 'number').map((i) => i.code),
      sectionCodes: def.sections.map((s) => s.code),
    }
    layouts.set(def, layout)
  }
  return layout
}

/** Adds one respondent's (already validated) answers to the tally. */
export function addResponse(tally: Tally, def: SurveyDefinition, answers: Answers): void {
  tally.n += 1
  const { ratedItems, indexCodes, sectionOf } = layoutOf(def)
  const sectionsSeen = new Set<string>()
  const counted: number[] = []
  const sat: number[] = []
  let indexCounted = 0
  let indexAllSat = true
  ratedItems.forEach((item, j) => {
    const v = answers[item.code]
    if (typeof v !== 'number' || item.excluded?.includes(v)) return
    const y = item.satisfied.includes(v) ? 1 : 0
    counted.push(j)
    sat.push(y)
    tally.A[j]! += 1
    tally.S[j]! += y
    tally.score[j]! += v
    sectionsSeen.add(sectionOf.get(item.code)!)
    if (indexCodes.has(item.code)) {
      indexCounted += 1
      if (!y) indexAllSat = false
    }
  })
  const r = tally.rated.length
  for (let p = 0; p < counted.length; p++) {
    const j = counted[p]!
    for (let q = 0; q < counted.length; q++) {
      const k = counted[q]!
      const at = j * r + k
      tally.aa[at]! += 1
      tally.ya[at]! += sat[p]!
      tally.yy[at]! += sat[p]! * sat[q]!
    }
  }
  for (const code of sectionsSeen) tally.sectionAnswered[code] = (tally.sectionAnswered[code] ?? 0) + 1
  if (indexCounted > 0) {
    tally.indexAnswered += 1
    if (indexAllSat) tally.allSatisfied += 1
  }
  for (const [code, counts] of Object.entries(tally.dist)) {
    const v = answers[code]
    if (typeof v === 'number') counts[v] = (counts[v] ?? 0) + 1
  }
  for (const [code, sums] of Object.entries(tally.numbers)) {
    const v = answers[code]
    if (typeof v === 'number') {
      sums.n += 1
      sums.sum += v
      sums.sum2 += v * v
    }
  }
}

/** Adds `from` into `into`; both must come from the same definition. */
export function mergeTally(into: Tally, from: Tally): Tally {
  into.n += from.n
  into.indexAnswered += from.indexAnswered
  into.allSatisfied += from.allSatisfied
  for (const key of ['A', 'S', 'score', 'yy', 'ya', 'aa'] as const) {
    const a = into[key]
    const b = from[key]
    for (let i = 0; i < a.length; i++) a[i]! += b[i] ?? 0
  }
  for (const [code, c] of Object.entries(from.sectionAnswered)) into.sectionAnswered[code] = (into.sectionAnswered[code] ?? 0) + c
  for (const [code, counts] of Object.entries(from.dist)) {
    const target = (into.dist[code] ??= {})
    for (const [v, c] of Object.entries(counts)) target[v] = (target[v] ?? 0) + c
  }
  for (const [code, sums] of Object.entries(from.numbers)) {
    const target = (into.numbers[code] ??= { n: 0, sum: 0, sum2: 0 })
    target.n += sums.n
    target.sum += sums.sum
    target.sum2 += sums.sum2
  }
  return into
}
