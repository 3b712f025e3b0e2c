/**
 * The results of a unit or subtree for a period: n, index, interval, target,
 * verdict, one breakdown and, on request, the previous period to compare
 * with. The API and the dashboard both read this, so no page computes
 * statistics of its own.
 */
import type { Kysely } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import { headlineFigure, metricFigures } from '../domain/scoring.ts'
import { applicableTarget, type Target } from '../domain/targets.ts'
import { addDays } from '../domain/local-day.ts'
import { previousPeriod, rangePeriod, type Period } from '../domain/periods.ts'
import { local, type SurveyDefinition } from '../domain/survey-types.ts'
import { isoWeekDays } from '../domain/time-buckets.ts'
import { AppError } from '../errors.ts'
import { countExcluded } from '../store/flags.ts'
import { coverage, type CoverageJson } from '../domain/sample-size.ts'
import { countVerified } from '../store/verified.ts'
import { transactionTotal } from '../store/transactions.ts'
import { loadTallies, type GroupDimension } from '../store/load-tallies.ts'
import { loadScopeTallies, surveysInScope } from '../store/scope-tallies.ts'
import { ancestryOf } from '../store/units.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { translator } from '../../web/i18n/messages.ts'
import { itemGroups, sectionGroups, type GroupJson } from './definition-groups.ts'
import { blanked, figureJson, round, roundCi, type FigureJson, type FigureRules } from './figure-json.ts'
import { groupLabels } from './group-labels.ts'

export type { FigureJson } from './figure-json.ts'
export type { DistJson, GroupJson } from './definition-groups.ts'

export const BREAKDOWNS = ['service', 'section', 'item', 'touchpoint', 'month', 'week', 'hour'] as const
export type Breakdown = (typeof BREAKDOWNS)[number]

export interface ResultsQuery {
  unit: Unit
  from: string
  to: string
  by: Breakdown | null
  surveyId: string | null
  lang: string
  /** The period asked for; "previous" follows its kind (the month before a month). Default: the from–to range. */
  period?: Period
  /** Add the previous period's headline and the change. */
  compare?: boolean
  /** Keep the numbers of suppressed figures (administrators only). Default false: they are blanked. */
  reveal?: boolean
  /** Count flagged responses too (read from the raw answers). Default false: the published figures leave them out. */
  includeFlagged?: boolean
  /** Count only responses made through a one-time ticket (read from the raw answers: the rollups do not split by it). */
  verifiedOnly?: boolean
}

export interface PreviousJson {
  from: string
  to: string
  n: number
  index: number | null
  ci: [number, number] | null
  suppressed: boolean
}

export interface MetricJson {
  key: string
  label: string
  n: number
  value: number | null
  ci: [number, number] | null
  suppressed: boolean
}

export interface ResultsJson extends FigureJson {
  unit: { id: number; name: string; type: string; code: string | null }
  survey: { id: string; version: number; title: string; method: string } | null
  from: string
  to: string
  target_source: string | null
  metrics: MetricJson[]
  by: Breakdown | null
  groups: GroupJson[]
  /** With compare=previous only. */
  previous?: PreviousJson
  /** Index minus the previous period's, when both are shown; with compare=previous only. */
  change?: number | null
  /** included: the published figures; all: flagged responses counted too. */
  include: 'included' | 'all'
  /** Responses in the scope that the flag rules left out of the published figures. */
  excluded: number
  /** Responses made through a one-time ticket, beside all counted ones: only = the figures count them alone. */
  verified?: { only: boolean; n: number; share: number | null }
  /** With dossier counts sent for the scope and period: the response rate and the Ministry's sample size. */
  transactions?: CoverageJson
  /** The period is approved: these are its figures as frozen then (results/freeze.ts); absent for live figures. */
  frozen?: { approved_at: string; approved_by: string | null }
}

export interface ResultsDeps {
  db: Kysely<Database>
  surveys: SurveyCatalogue
  targets: Target[]
  minN: number
  /** config.suppressBelow: figures with fewer responses are suppressed. */
  suppressBelow: number
}

const TIME_DIMENSIONS: ReadonlySet<Breakdown> = new Set(['month', 'week'])

export async function computeResults(deps: ResultsDeps, q: ResultsQuery): Promise<ResultsJson> {
  const scope = { unitPath: q.unit.path, from: q.from, to: q.to }
  const rules: FigureRules = { minN: deps.minN, suppressBelow: deps.suppressBelow, reveal: q.reveal ?? false }
  const def = await chooseSurvey(deps, scope, q.surveyId)
  const unit = { id: q.unit.id, name: q.unit.name, type: q.unit.type, code: q.unit.code }
  const base = { unit, from: q.from, to: q.to, by: q.by }
  if (!def) {
    const none: FigureJson = { n: 0, index: null, ci: null, target: null, verdict: 'too_few', more_needed: null, suppressed: deps.suppressBelow > 0 }
    return { ...base, survey: null, ...none, target_source: null, metrics: [], groups: [], include: q.includeFlagged ? 'all' : 'included', excluded: 0 }
  }
  const targetAt = (day: string) => applicableTarget(deps.targets, def.sector, ancestryOf(q.unit), day)
  const target = targetAt(q.to)
  const dimension: GroupDimension | null = q.by === 'section' || q.by === 'item' ? null : q.by
  // Rollups hold the counted responses only, all of them: the "all" and "verified only" figures read the raw answers.
  const raw = q.includeFlagged || q.verifiedOnly
  const { total, groups } = raw ? await loadTallies(deps.db, def, scope, dimension, { all: q.includeFlagged, verifiedOnly: q.verifiedOnly }) : await loadScopeTallies(deps.db, def, scope, dimension)

  let groupList: GroupJson[] = []
  if (q.by === 'section') groupList = sectionGroups(total, def, target, rules, q.lang)
  else if (q.by === 'item') groupList = itemGroups(total, def, target, rules, q.lang)
  else if (dimension) {
    const labels = await groupLabels(deps.db, dimension, [...groups.keys()], translator(q.lang))
    groupList = [...groups.entries()].map(([key, tally]) => {
      // A month or week is judged against the target in force at its end (or at the period's end, if earlier).
      const groupTarget = TIME_DIMENSIONS.has(dimension) ? targetAt(minDay(bucketEnd(dimension, key), q.to)) : target
      return { key, label: labels.get(key) ?? key, ...figureJson(headlineFigure(tally, def), groupTarget, rules) }
    })
    const byKey = TIME_DIMENSIONS.has(dimension) || dimension === 'hour'
    groupList.sort((a, b) => (byKey ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label, 'vi')))
  }

  const headline = figureJson(headlineFigure(total, def), target, rules)
  const out: ResultsJson = {
    ...base,
    survey: { id: def.id, version: def.version, title: local(def.title, q.lang), method: def.index.method },
    ...headline,
    target_source: target?.source ?? null,
    metrics: metricFigures(total, def).map((m) => {
      const spec = def.metrics.find((s) => s.key === m.key)!
      const hide = blanked(m.n, rules)
      return { key: m.key, label: local(spec.label, q.lang), n: m.n, value: hide ? null : round(m.value), ci: hide ? null : roundCi(m.ci), suppressed: m.n < rules.suppressBelow }
    }),
    groups: groupList,
    include: q.includeFlagged ? 'all' : 'included',
    excluded: await countExcluded(deps.db, def.id, scope),
  }
  const verifiedN = await countVerified(deps.db, def.id, scope, !!q.includeFlagged)
  // Verified only: the figure's n is the verified count, so the share's base is every counted response.
  const shareBase = q.verifiedOnly ? (await loadScopeTallies(deps.db, def, scope, null)).total.n + (q.includeFlagged ? Number(out.excluded) : 0) : headline.n
  out.verified = { only: !!q.verifiedOnly, n: verifiedN, share: shareBase ? round(verifiedN / shareBase) : null }
  const N = await transactionTotal(deps.db, scope)
  if (N !== null) out.transactions = coverage(headline.n, N)
  if (q.compare) {
    const period = previousPeriod(q.period ?? rangePeriod(q.from, q.to)!)
    const prevScope = { unitPath: q.unit.path, from: period.from, to: period.to }
    const prev = raw ? await loadTallies(deps.db, def, prevScope, null, { all: q.includeFlagged, verifiedOnly: q.verifiedOnly }) : await loadScopeTallies(deps.db, def, prevScope, null)
    const fig = figureJson(headlineFigure(prev.total, def), null, rules)
    out.previous = { from: period.from, to: period.to, n: fig.n, index: fig.index, ci: fig.ci, suppressed: fig.suppressed }
    out.change = headline.index !== null && fig.index !== null ? round(headline.index - fig.index) : null
  }
  return out
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

/** Last day of a month ("2026-05") or ISO week ("2026-W07") key. */
function bucketEnd(dim: GroupDimension, key: string): string {
  if (dim === 'week') return isoWeekDays(key).to
  const [y, m] = key.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  return addDays(next, -1)
}

const minDay = (a: string, b: string) => (a < b ? a : b)
