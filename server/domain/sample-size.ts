/**
 * The sample size the Ministry of Home Affairs' method asks for, from the
 * number of dossiers N (Yamane): n = N / (1 + N·e²), with e = 5%, rounded up.
 */
export const MARGIN = 0.05

export function requiredSample(N: number, e = MARGIN): number {
  if (N <= 0) return 0
  return Math.ceil(N / (1 + N * e * e))
}

export interface CoverageJson {
  /** Dossiers returned in the scope and period. */
  N: number
  /** Respondents per dossier, 0–1 (null when N is 0). */
  response_rate: number | null
  required_n: number
  reaches_required: boolean
}

export function coverage(n: number, N: number): CoverageJson {
  const required = requiredSample(N)
  return { N, response_rate: N > 0 ? Math.round((n / N) * 10_000) / 10_000 : null, required_n: required, reaches_required: n >= required }
}
