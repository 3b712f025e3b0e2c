/**
 * Taking responses back out of a tally (a response flagged after it was
 * counted): every member of a tally is a count or a sum, so adding the
 * negated tally removes it exactly. Counts that fall to zero are dropped, so
 * the result is the tally a recount without those responses would give.
 */
import type { Tally } from './tally.ts'

export function negatedTally(t: Tally): Tally {
  const neg = (xs: number[]) => xs.map((x) => -x)
  const mapValues = <V, W>(o: Record<string, V>, f: (v: V) => W) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]))
  return {
    n: -t.n,
    rated: t.rated,
    A: neg(t.A),
    S: neg(t.S),
    score: neg(t.score),
    yy: neg(t.yy),
    ya: neg(t.ya),
    aa: neg(t.aa),
    indexAnswered: -t.indexAnswered,
    allSatisfied: -t.allSatisfied,
    sectionAnswered: mapValues(t.sectionAnswered, (c) => -c),
    dist: mapValues(t.dist, (counts) => mapValues(counts, (c) => -c)),
    numbers: mapValues(t.numbers, (s) => ({ n: -s.n, sum: -s.sum, sum2: -s.sum2 })),
  }
}

/** Removes answer counts of zero (a value nobody gave any more), in place. */
export function dropZeroCounts(t: Tally): Tally {
  for (const counts of Object.values(t.dist)) for (const [v, c] of Object.entries(counts)) if (c === 0) delete counts[v]
  return t
}
