/**
 * The results of a unit or subtree for a period: n, index, interval, target,
 * verdict and one breakdown. The API and the dashboard both read this, so no
 * page computes statistics of its own.
 */
import type { Kysely } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import { headlineFigure, itemFigure, metricFigures, sectionFigure, type Figure } from '../domain/scoring.ts'
import { applicableTarget, type Target } from '../domain/targets.ts'
import { judge, type Verdict } from '../domain/verdict.ts'
import { addDays } from '../domain/local-day.ts'
import { isRated, local, type SurveyDefinition } from '../domain/survey-types.ts'
import { AppError } from '../errors.ts'
import { loadTallies, surveysInScope, type GroupDimension } from '../store/load-tallies.ts'
import { ancestryOf } from '../store/units.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { translator, type Translate } from '../../web/i18n/messages.ts'

export const BREAKDOWNS = ['service', 'section', 'item', 'touchpoint', 'month'] as const
export type Breakdown = (typeof BREAKDOWNS)[number]

export interface ResultsQuery {
  unit: Unit
  from: string
  to: string
  by: Breakdown | null
  surveyId: string | null
  lang: string
}

export interface FigureJson {
  n: number
  index: number | null
  ci: [number, number] | null
  target: number | null
  verdict: Verdict | null
  more_needed: number | null
}

export interface GroupJson extends FigureJson {
  key: string
  label: string
  mean?: number | null
}

export interface ResultsJson extends FigureJson {
  unit: { id: number; name: string; type: string; code: string | null }
  survey: { id: string; version: number; title: string; method: string } | null
  from: string
  to: string
  target_source: string | null
  metrics: { key: string; label: string; n: number; value: number | null; ci: [number, number] | null }[]
  by: Breakdown | null
  groups: GroupJson[]
}

export interface ResultsDeps {
  db: Kysely<Database>
  surveys: SurveyCatalogue
  targets: Target[]
  minN: number
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6)

function figureJson(fig: Figure, target: Target | null, minN: number): FigureJson {
  const threshold = target?.threshold ?? null
  const { verdict, moreNeeded } = judge(fig, threshold, minN)
  return {
    n: fig.n,
    index: round(fig.index),
    ci: fig.ci ? [round(fig.ci[0])!, round(fig.ci[1])!] : null,
    target: threshold,
    verdict,
    more_needed: moreNeeded,
  }
}

export async function computeResults(deps: ResultsDeps, q: ResultsQuery): Promise<ResultsJson> {
  const scope = { unitPath: q.unit.path, from: q.from, to: q.to }
  const t = translator(q.lang)
  const def = await chooseSurvey(deps, scope, q.surveyId)
  const unit = { id: q.unit.id, name: q.unit.name, type: q.unit.type, code: q.unit.code }
  const base = { unit, from: q.from, to: q.to, by: q.by }
  if (!def) {
    return { ...base, survey: null, n: 0, index: null, ci: null, target: null, verdict: 'too_few', more_needed: null, target_source: null, metrics: [], groups: [] }
  }
  const targetAt = (day: string) => applicableTarget(deps.targets, def.sector, ancestryOf(q.unit), day)
  const target = targetAt(q.to)
  const dimension: GroupDimension | null = q.by === 'service' || q.by === 'touchpoint' || q.by === 'month' ? q.by : null
  const { total, groups } = await loadTallies(deps.db, def, scope, dimension)

  let groupList: GroupJson[] = []
  if (q.by === 'section') {
    groupList = def.sections
      .filter((s) => s.items.some(isRated))
      .map((s) => {
        const { code, mean, ...fig } = sectionFigure(total, def, s.code)
        return { key: code, label: `${s.code}. ${local(s.title, q.lang)}`, ...figureJson(fig, target, deps.minN), mean: round(mean) }
      })
  } else if (q.by === 'item') {
    groupList = def.sections.flatMap((s) =>
      s.items.filter(isRated).map((item) => {
        const { code, mean, excluded: _x, ...fig } = itemFigure(total, item.code, def)
        return { key: code, label: `${item.code}. ${local(item.text, q.lang)}`, ...figureJson(fig, target, deps.minN), mean: round(mean) }
      }),
    )
  } else if (dimension) {
    const labels = await groupLabels(deps.db, dimension, [...groups.keys()], t)
    groupList = [...groups.entries()].map(([key, tally]) => {
      const groupTarget = dimension === 'month' ? targetAt(minDay(monthEnd(key), q.to)) : target
      return { key, label: labels.get(key) ?? key, ...figureJson(headlineFigure(tally, def), groupTarget, deps.minN) }
    })
    groupList.sort((a, b) => (dimension === 'month' ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label, 'vi')))
  }

  return {
    ...base,
    survey: { id: def.id, version: def.version, title: local(def.title, q.lang), method: def.index.method },
    ...figureJson(headlineFigure(total, def), target, deps.minN),
    target_source: target?.source ?? null,
    metrics: metricFigures(total, def).map((m) => {
      const spec = def.metrics.find((s) => s.key === m.key)!
      return { key: m.key, label: local(spec.label, q.lang), n: m.n, value: round(m.value), ci: m.ci ? [round(m.ci[0])!, round(m.ci[1])!] : null }
    }),
    groups: groupList,
  }
}

async function chooseSurvey(deps: ResultsDeps, scope: { unitPath: string; from: string; to: string }, surveyId: string | null): Promise<SurveyDefinition | null> {
  if (surveyId) {
    const def = deps.surveys.get(surveyId)
    if (!def) throw new AppError(404, 'survey_not_found')
    return def
  }
  const ids = (await surveysInScope(deps.db, scope)).filter((id) => deps.surveys.has(id))
  if (ids.length > 1) throw new AppError(400, 'survey_required', {}, { surveys: ids })
  return ids.length ? deps.surveys.get(ids[0]!)! : null
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  return addDays(next, -1)
}

const minDay = (a: string, b: string) => (a < b ? a : b)

async function groupLabels(db: Kysely<Database>, dim: GroupDimension, keys: string[], t: Translate): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (dim === 'month') {
    for (const k of keys) out.set(k, t('dash.month_label', { year: k.slice(0, 4), month: Number(k.slice(5, 7)) }))
    return out
  }
  const ids = keys.filter(Boolean).map(Number)
  if (dim === 'service') {
    out.set('', t('dash.no_service'))
    if (ids.length) for (const s of await db.selectFrom('services').select(['id', 'name']).where('id', 'in', ids).execute()) out.set(String(s.id), s.name)
  } else if (ids.length) {
    const rows = await db
      .selectFrom('touchpoints as t')
      .innerJoin('units as u', 'u.id', 't.unit_id')
      .select(['t.id', 't.label', 'u.name'])
      .where('t.id', 'in', ids)
      .execute()
    for (const r of rows) out.set(String(r.id), `${r.name} — ${r.label}`)
  }
  return out
}
