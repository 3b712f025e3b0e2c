/**
 * A tally as stored in a rollup row: its layout (the rated item codes, in
 * order) and its sums as JSON. Decoding checks the layout against the
 * definition in force, so a survey that gained or lost items never reads
 * sums laid out for another version.
 */
import { emptyTally, type Tally } from './tally.ts'
import type { SurveyDefinition } from './survey-types.ts'

type Sums = Omit<Tally, 'rated'>

export function tallyLayout(t: Pick<Tally, 'rated'>): string {
  return t.rated.join(',')
}

export function encodeTally(t: Tally): { layout: string; sums: string } {
  const { rated: _rated, ...sums } = t
  return { layout: tallyLayout(t), sums: JSON.stringify(sums) }
}

// A definition's layout and its encoded empty tally never change: rollup writes ask for them for every row.
const empties = new WeakMap<SurveyDefinition, { layout: string; sums: string }>()

/** The encoding of a tally with nothing in it. */
export function encodedEmpty(def: SurveyDefinition): { layout: string; sums: string } {
  let empty = empties.get(def)
  if (!empty) empties.set(def, (empty = encodeTally(emptyTally(def))))
  return empty
}

/** The stored tally, or null when it was laid out for another version of the survey. */
export function decodeTally(def: SurveyDefinition, layout: string, sums: string): Tally | null {
  if (layout !== encodedEmpty(def).layout) return null
  const empty = emptyTally(def)
  const parsed = JSON.parse(sums) as Sums
  return { ...empty, ...parsed, rated: empty.rated }
}
