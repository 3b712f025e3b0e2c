/**
 * Whether a commenting respondent was, on the whole, dissatisfied: what marks
 * a comment as negative and what the comments' rating filter reads.
 *
 * The rule follows the instrument's own index, so a comment is negative
 * exactly when its author pulled the index down:
 * - respondent method (counter rating): the index item was answered with a
 *   counted value that is not a satisfied one;
 * - pooled and sections methods (Bộ Y tế, SIPAS, schools): fewer than half of
 *   the respondent's counted answers on the index items are satisfied.
 * Excluded answers ("không ý kiến") do not count. A respondent with no counted
 * index answer has no rating (null): neither negative nor positive.
 */
import { indexItems, isRated, type Answers, type SurveyDefinition } from './survey-types.ts'

export type Tone = 'negative' | 'positive'

export function toneOf(def: SurveyDefinition, answers: Answers): Tone | null {
  let counted = 0
  let satisfied = 0
  for (const item of indexItems(def)) {
    if (!isRated(item)) continue
    const v = answers[item.code]
    if (typeof v !== 'number' || item.excluded?.includes(v)) continue
    counted += 1
    if (item.satisfied.includes(v)) satisfied += 1
  }
  if (!counted) return null
  if (def.index.method === 'respondent') return satisfied === counted ? 'positive' : 'negative'
  return satisfied * 2 < counted ? 'negative' : 'positive'
}
