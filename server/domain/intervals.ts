/**
 * 95% confidence intervals. Pure arithmetic, no I/O.
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054

export type Interval = [number, number]

/**
 * Wilson score interval for a proportion p observed on n trials
 * (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it for all n).
 * `n` may be an effective sample size, not an integer.
 */
export function wilson(p: number, n: number, z = Z95): Interval {
  if (!(n > 0)) return [0, 1]
  const z2 = z * z
  const denom = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denom
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom
  // Rounding must not leave p = 0 or 1 outside its own interval.
  const q = clamp01(p)
  return [Math.min(q, clamp01(centre - half)), Math.max(q, clamp01(centre + half))]
}

/**
 * Effective sample size of a proportion estimate with the given variance
 * (Kish's design-effect idea, as in Korn & Graubard 1998): the n a simple
 * random sample would need to reach the same variance. When the variance
 * carries no information (all answers alike), fall back to the number of
 * respondents: the conservative choice that treats a respondent's answers
 * as one observation.
 */
export function effectiveN(p: number, variance: number, respondents: number): number {
  if (respondents <= 0) return 0
  if (!(variance > 0) || p <= 0 || p >= 1) return respondents
  return (p * (1 - p)) / variance
}

/** Normal interval for a mean from its sums: mean ± z·s/√n (n ≥ 2). */
export function meanInterval(n: number, sum: number, sum2: number, z = Z95): Interval | null {
  if (n < 2) return null
  const mean = sum / n
  const variance = Math.max(0, (sum2 - n * mean * mean) / (n - 1))
  const half = z * Math.sqrt(variance / n)
  return [mean - half, mean + half]
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}
