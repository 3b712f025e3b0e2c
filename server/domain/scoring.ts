/**
 * Figures of an instrument from its tally: the headline index, section and
 * item figures and the secondary metrics. Pure functions, no I/O.
 *
 * Formulas (methodology.md §1.4, §2.6):
 * - respondent: share of respondents satisfied on the overall item;
 * - pooled (Bộ Y tế "tỷ lệ hài lòng chung"): Σ satisfied answers ÷ Σ counted answers over the sections;
 * - sections (SIPAS): mean of section indices, each the mean of its item indices.
 * Excluded answers never enter a denominator. Intervals: Wilson for one
 * item's share; for pooled and multi-item indices a Wilson interval on the
 * effective n from the linearised variance with the respondent as cluster.
 */
import { effectiveN, meanInterval, wilson, type Interval } from './intervals.ts'
import type { Tally } from './tally.ts'
import { findItem, indexItems, isRated, type MetricSpec, type SurveyDefinition } from './survey-types.ts'

export interface Figure {
  /** Respondents behind the figure. */
  n: number
  index: number | null
  ci: Interval | null
  /** Effective sample size of the estimate (= n for a single item). */
  nEff: number
}

export interface ItemFigure extends Figure {
  code: string
  /** Mean of the counted answer values (1–5 on a Likert item). */
  mean: number | null
  /** Answers left out as excluded (e.g. "không ý kiến"). */
  excluded: number
}

export interface SectionFigure extends Figure {
  code: string
  mean: number | null
}

export interface MetricFigure {
  key: string
  type: MetricSpec['type']
  n: number
  value: number | null
  ci: Interval | null
}

const NONE: Figure = { n: 0, index: null, ci: null, nEff: 0 }

/** Weighted sum of item ratios Σ w_j·S_j/A_j… as an estimate with its linearised variance. */
interface Linear {
  /** Positions in the tally's rated arrays. */
  at: number[]
  /** Weight of each item's linearised score. */
  w: number[]
  /** Centre of each item's linearised score (its ratio, or the pooled ratio). */
  q: number[]
}

/**
 * Var(θ̂) ≈ n/(n−1) Σ_i z_i², z_i = Σ_j w_j (y_ij − q_j a_ij), expanded over
 * the tally's cross moments so no respondent row is needed.
 */
function linearVariance(t: Tally, lin: Linear, clusters: number): number {
  if (clusters < 2) return 0
  const r = t.rated.length
  let total = 0
  for (let a = 0; a < lin.at.length; a++) {
    const j = lin.at[a]!
    for (let b = 0; b < lin.at.length; b++) {
      const k = lin.at[b]!
      const jk = j * r + k
      const kj = k * r + j
      total += lin.w[a]! * lin.w[b]! * (t.yy[jk]! - lin.q[b]! * t.ya[jk]! - lin.q[a]! * t.ya[kj]! + lin.q[a]! * lin.q[b]! * t.aa[jk]!)
    }
  }
  return Math.max(0, (total * clusters) / (clusters - 1))
}

function figureOf(estimate: number, variance: number, n: number): Figure {
  const nEff = effectiveN(estimate, variance, n)
  return { n, index: estimate, ci: wilson(estimate, nEff), nEff }
}

function positions(t: Tally, codes: string[]): number[] {
  return codes.map((c) => t.rated.indexOf(c)).filter((j) => j >= 0 && t.A[j]! > 0)
}

/** Mean of item ratios over the given items (each item weighted `weight / count`). */
function meanOfRatios(t: Tally, at: number[], weight = 1): Linear {
  return {
    at,
    w: at.map((j) => weight / (at.length * t.A[j]!)),
    q: at.map((j) => t.S[j]! / t.A[j]!),
  }
}

function pooled(t: Tally, at: number[]): { estimate: number; lin: Linear } {
  const sumA = at.reduce((s, j) => s + t.A[j]!, 0)
  const estimate = at.reduce((s, j) => s + t.S[j]!, 0) / sumA
  return { estimate, lin: { at, w: at.map(() => 1 / sumA), q: at.map(() => estimate) } }
}

/** One rated item: share satisfied among counted answers, Wilson interval. */
export function itemFigure(t: Tally, code: string, def: SurveyDefinition): ItemFigure {
  const j = t.rated.indexOf(code)
  const counts = t.dist[code] ?? {}
  const excludedValues = findItem(def, code)?.excluded ?? []
  const excluded = excludedValues.reduce((s, v) => s + (counts[v] ?? 0), 0)
  if (j < 0 || t.A[j] === 0) return { code, ...NONE, mean: null, excluded }
  const a = t.A[j]!
  const p = t.S[j]! / a
  return { code, n: a, index: p, ci: wilson(p, a), nEff: a, mean: t.score[j]! / a, excluded }
}

/** A section's index: pooled within the section for pooled instruments, else the mean of its item indices. */
export function sectionFigure(t: Tally, def: SurveyDefinition, code: string): SectionFigure {
  const section = def.sections.find((s) => s.code === code)
  const codes = section ? section.items.filter(isRated).map((i) => i.code) : []
  const at = positions(t, codes)
  const n = t.sectionAnswered[code] ?? 0
  if (!at.length) return { code, ...NONE, mean: null }
  const sumA = at.reduce((s, j) => s + t.A[j]!, 0)
  const mean = at.reduce((s, j) => s + t.score[j]!, 0) / sumA
  if (def.index.method === 'pooled') {
    const { estimate, lin } = pooled(t, at)
    return { code, ...figureOf(estimate, linearVariance(t, lin, n), n), mean }
  }
  const lin = meanOfRatios(t, at)
  const estimate = at.reduce((s, j) => s + t.S[j]! / t.A[j]!, 0) / at.length
  return { code, ...figureOf(estimate, linearVariance(t, lin, n), n), mean }
}

/** The headline index the instrument declares, with its n and interval. */
export function headlineFigure(t: Tally, def: SurveyDefinition): Figure {
  const spec = def.index
  if (spec.method === 'respondent') {
    const { code: _code, mean: _mean, excluded: _excluded, ...fig } = itemFigure(t, spec.item, def)
    return fig
  }
  const n = t.indexAnswered
  if (spec.method === 'pooled') {
    const at = positions(t, indexItems(def).map((i) => i.code))
    if (!at.length) return { ...NONE }
    const { estimate, lin } = pooled(t, at)
    return figureOf(estimate, linearVariance(t, lin, n), n)
  }
  // SIPAS: every section with data weighs 1/K, every item within it 1/K_s.
  const parts = spec.sections
    .map((sc) => def.sections.find((s) => s.code === sc))
    .map((s) => positions(t, s ? s.items.filter(isRated).map((i) => i.code) : []))
    .filter((at) => at.length > 0)
  if (!parts.length) return { ...NONE }
  const lins = parts.map((at) => meanOfRatios(t, at, 1 / parts.length))
  const lin: Linear = { at: lins.flatMap((l) => l.at), w: lins.flatMap((l) => l.w), q: lins.flatMap((l) => l.q) }
  // Summed as a mean of means, so an all-satisfied sample scores exactly 1.
  const estimate = parts.reduce((s, at) => s + at.reduce((u, j) => u + t.S[j]! / t.A[j]!, 0) / at.length, 0) / parts.length
  return figureOf(estimate, linearVariance(t, lin, n), n)
}

/** Secondary figures the instrument declares (comprehensive, mean score, G1 mean, G2 share). */
export function metricFigures(t: Tally, def: SurveyDefinition): MetricFigure[] {
  return def.metrics.map((m): MetricFigure => {
    const base = { key: m.key, type: m.type }
    switch (m.type) {
      case 'comprehensive': {
        const n = t.indexAnswered
        const p = n ? t.allSatisfied / n : null
        return { ...base, n, value: p, ci: p === null ? null : wilson(p, n) }
      }
      case 'mean_score': {
        const at = positions(t, indexItems(def).map((i) => i.code))
        const sumA = at.reduce((s, j) => s + t.A[j]!, 0)
        return { ...base, n: t.indexAnswered, value: sumA ? at.reduce((s, j) => s + t.score[j]!, 0) / sumA : null, ci: null }
      }
      case 'mean': {
        const sums = t.numbers[m.item] ?? sumsOfChoice(t.dist[m.item] ?? {}, findItem(def, m.item)?.excluded ?? [])
        return { ...base, n: sums.n, value: sums.n ? sums.sum / sums.n : null, ci: meanInterval(sums.n, sums.sum, sums.sum2) }
      }
      case 'share': {
        // Excluded answers ("không ý kiến") stay out of the denominator here too.
        const excluded = new Set((findItem(def, m.item)?.excluded ?? []).map(String))
        const counts = t.dist[m.item] ?? {}
        const n = Object.entries(counts).reduce((s, [v, c]) => (excluded.has(v) ? s : s + c), 0)
        const yes = m.values.reduce((s, v) => s + (counts[v] ?? 0), 0)
        const p = n ? yes / n : null
        return { ...base, n, value: p, ci: p === null ? null : wilson(p, n) }
      }
    }
  })
}

function sumsOfChoice(counts: Record<string, number>, excluded: number[]) {
  let n = 0, sum = 0, sum2 = 0
  for (const [v, c] of Object.entries(counts)) {
    if (excluded.includes(Number(v))) continue
    n += c
    sum += Number(v) * c
    sum2 += Number(v) * Number(v) * c
  }
  return { n, sum, sum2 }
}
