/**
 * One figure as the API and the dashboard show it: n, index, interval,
 * target, verdict, and whether it is suppressed (fewer responses than the
 * suppression threshold). A suppressed figure keeps its numbers only for
 * callers allowed to see them (administrators); for everyone else the
 * numbers are blanked here, on the server, so no client can reveal them.
 */
import type { Figure } from '../domain/scoring.ts'
import type { Target } from '../domain/targets.ts'
import { judge, type Verdict } from '../domain/verdict.ts'

export interface FigureJson {
  n: number
  index: number | null
  ci: [number, number] | null
  target: number | null
  verdict: Verdict | null
  more_needed: number | null
  /** n is under the suppression threshold: shown as "too few responses", never as a percentage. */
  suppressed: boolean
}

export interface FigureRules {
  /** Minimum n for a verdict. */
  minN: number
  /** Below this n a figure is suppressed. */
  suppressBelow: number
  /** Keep the numbers of suppressed figures (administrators through the API). */
  reveal: boolean
}

export const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6)
export const roundCi = (ci: [number, number] | null): [number, number] | null => (ci ? [round(ci[0])!, round(ci[1])!] : null)

/** True when a suppressed figure's numbers must not leave the server. */
export const blanked = (n: number, rules: FigureRules) => n < rules.suppressBelow && !rules.reveal

export function figureJson(fig: Figure, target: Target | null, rules: FigureRules): FigureJson {
  const threshold = target?.threshold ?? null
  const suppressed = fig.n < rules.suppressBelow
  if (suppressed && !rules.reveal) return { n: fig.n, index: null, ci: null, target: threshold, verdict: 'too_few', more_needed: null, suppressed }
  const { verdict, moreNeeded } = judge(fig, threshold, rules.minN)
  return { n: fig.n, index: round(fig.index), ci: roundCi(fig.ci), target: threshold, verdict, more_needed: moreNeeded, suppressed }
}

/** Section and item views: lowest index first (what pulls the index down), suppressed and empty figures last in their given order. */
export function byIndexAscending<T extends FigureJson>(a: T, b: T): number {
  const rank = (f: T) => (f.suppressed || f.index === null ? 1 : 0)
  return rank(a) - rank(b) || (rank(a) ? 0 : a.index! - b.index!)
}
