/**
 * The section and item breakdowns, read from the whole period's tally: one
 * group per section or rated item, lowest index first. Item groups carry the
 * distribution of answers so a client can draw diverging bars.
 */
import { itemFigure, sectionFigure } from '../domain/scoring.ts'
import type { Tally } from '../domain/tally.ts'
import type { Target } from '../domain/targets.ts'
import { isRated, local, type Item, type SurveyDefinition } from '../domain/survey-types.ts'
import { blanked, byIndexAscending, figureJson, round, type FigureJson, type FigureRules } from './figure-json.ts'

export interface DistJson {
  /** Every option of the item in the definition's order. */
  options: { value: number; label: string }[]
  /** Answers per option value (zero included); null when the figure is suppressed for this caller. */
  counts: Record<string, number> | null
  /** Values counted as satisfied, and values left out of the index (e.g. "no opinion"). */
  satisfied: number[]
  excluded: number[]
}

export interface GroupJson extends FigureJson {
  key: string
  label: string
  mean?: number | null
  dist?: DistJson
}

export function sectionGroups(total: Tally, def: SurveyDefinition, target: Target | null, rules: FigureRules, lang: string): GroupJson[] {
  return def.sections
    .filter((s) => s.items.some(isRated))
    .map((s) => {
      const { code, mean, ...fig } = sectionFigure(total, def, s.code)
      const json = figureJson(fig, target, rules)
      return { key: code, label: `${s.code}. ${local(s.title, lang)}`, ...json, mean: blanked(fig.n, rules) ? null : round(mean) }
    })
    .sort(byIndexAscending)
}

export function itemGroups(total: Tally, def: SurveyDefinition, target: Target | null, rules: FigureRules, lang: string): GroupJson[] {
  return def.sections
    .flatMap((s) => s.items.filter(isRated))
    .map((item) => {
      const { code, mean, excluded: _x, ...fig } = itemFigure(total, item.code, def)
      const hide = blanked(fig.n, rules)
      return {
        key: code,
        label: `${item.code}. ${local(item.text, lang)}`,
        ...figureJson(fig, target, rules),
        mean: hide ? null : round(mean),
        dist: distOf(total, item, lang, hide),
      }
    })
    .sort(byIndexAscending)
}

function distOf(total: Tally, item: Item & { satisfied: number[] }, lang: string, hide: boolean): DistJson {
  const options = (item.options ?? []).map((o) => ({ value: o.value, label: local(o.label, lang) }))
  const seen = total.dist[item.code] ?? {}
  return {
    options,
    counts: hide ? null : Object.fromEntries(options.map((o) => [String(o.value), seen[o.value] ?? 0])),
    satisfied: item.satisfied,
    excluded: item.excluded ?? [],
  }
}
