/**
 * Reads and validates every definition in the surveys folder at start-up.
 * A broken file stops start-up with a message naming the file and the field.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseSurveyDefinition } from '../domain/survey-schema.ts'
import type { SurveyDefinition } from '../domain/survey-types.ts'

export class SurveyLoadError extends Error {
  override name = 'SurveyLoadError'
}

export type SurveyCatalogue = ReadonlyMap<string, SurveyDefinition>

export function loadSurveys(dir: string): SurveyCatalogue {
  const surveys = new Map<string, SurveyDefinition>()
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  const problems: string[] = []
  for (const name of files) {
    const file = join(dir, name)
    const shown = relative(process.cwd(), file) || file
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'))
    } catch (err) {
      problems.push(`${shown}: not valid JSON: ${(err as Error).message}`)
      continue
    }
    const result = parseSurveyDefinition(raw)
    if (!result.ok) {
      problems.push(...result.problems.map((p) => `${shown}: ${p}`))
      continue
    }
    if (surveys.has(result.survey.id)) problems.push(`${shown}: id: "${result.survey.id}" is already defined by another file`)
    if (`${result.survey.id}.json` !== name) problems.push(`${shown}: id: "${result.survey.id}" must match the file name`)
    surveys.set(result.survey.id, result.survey)
  }
  if (problems.length) throw new SurveyLoadError(`invalid survey definitions:\n  ${problems.join('\n  ')}`)
  if (!surveys.size) throw new SurveyLoadError(`no survey definitions in ${dir}`)
  return surveys
}
