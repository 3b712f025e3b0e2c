/**
 * Which surveys can run on a counter tablet: the first screen is one rated
 * question with faces, everything after it optional (a citizen walks away
 * and the tablet sends what it has). A survey with further required items
 * cannot run unattended.
 */
import type { Item, SurveyDefinition } from './survey-types.ts'

/** The one-tap question of a kiosk, or null when the survey cannot run as one. */
export function kioskQuestion(def: SurveyDefinition): Item | null {
  const items = def.sections.flatMap((s) => s.items)
  const first = items[0]
  if (!first || !first.options || !first.satisfied || first.showIf) return null
  return items.slice(1).some((i) => i.required) ? null : first
}

/** The faces of a rated question, best first, by option value; decorative (the label carries the meaning). */
export const FACES: Record<string, Record<number, string>> = {
  level3: { 2: '😄', 1: '🙂', 0: '🙁' },
  likert5: { 5: '😄', 4: '🙂', 3: '😐', 2: '🙁', 1: '😠' },
}
