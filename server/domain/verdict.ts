/**
 * The verdict of an index against its target, read from the interval:
 * met when the lower bound is at or above the target, not met when the upper
 * bound is below it, undecided when the interval straddles it, and too few
 * when n is under the minimum.
 */
import { Z95 } from './intervals.ts'
import type { Figure } from './scoring.ts'

export type Verdict = 'met' | 'not_met' | 'undecided' | 'too_few'

export const DEFAULT_MIN_N = 30

export interface Judgement {
  verdict: Verdict | null
  /** For an undecided verdict: further responses that would likely decide it, if the index held. */
  moreNeeded: number | null
}

export function judge(fig: Figure, target: number | null, minN = DEFAULT_MIN_N): Judgement {
  if (fig.n < minN || fig.index === null || fig.ci === null) return { verdict: 'too_few', moreNeeded: null }
  if (target === null) return { verdict: null, moreNeeded: null }
  const [low, high] = fig.ci
  if (low >= target) return { verdict: 'met', moreNeeded: null }
  if (high < target) return { verdict: 'not_met', moreNeeded: null }
  return { verdict: 'undecided', moreNeeded: moreNeeded(fig, target) }
}

/**
 * Respondents to add so the interval half-width z·√(p(1−p)/n_eff) falls under
 * |p − target|, keeping the information per respondent (n_eff / n) as it is.
 */
function moreNeeded(fig: Figure, target: number): number | null {
  const p = fig.index!
  const gap = Math.abs(p - target)
  if (gap < 1e-9 || p <= 0 || p >= 1) return null
  const effNeeded = (Z95 * Z95 * p * (1 - p)) / (gap * gap)
  const perRespondent = fig.nEff / fig.n
  const needed = Math.ceil(effNeeded / perRespondent) - fig.n
  return Math.max(1, needed)
}
