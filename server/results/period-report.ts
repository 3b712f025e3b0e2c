/**
 * What the printable report of a unit's subtree and period holds: the units
 * against their targets (unitTable), the trend by month, the units not
 * meeting their targets with their three lowest items, and the comments'
 * themes by count. An approved period reads its snapshot (freeze.ts), so the
 * report shows the frozen figures; otherwise it computes them like the
 * dashboard. Suppressed figures are blanked for everyone, as on every page.
 */
import type { Unit } from '../db/schema.ts'
import { countThemes, type ThemeCount } from '../domain/comment-themes.ts'
import type { Period } from '../domain/periods.ts'
import { blankFigure, blankFor } from '../export/results-data.ts'
import { listComments, type CommentCursor } from '../store/comments.ts'
import { computeResults, type GroupJson, type ResultsDeps } from './compute-results.ts'
import { byIndexAscending, type FigureJson } from './figure-json.ts'
import { frozenPeriod, frozenResults, snapshotLang, type Frozen } from './freeze.ts'
import { bandOf, BANDS, unitTable, type Band } from './unit-table.ts'
import { getUnit } from '../store/units.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'

export interface ReportRow extends FigureJson {
  unit_id: number
  name: string
  depth: number
  type: string
  direct: boolean
  survey: { id: string; title: string }
}

export interface NotMet {
  row: ReportRow
  lowest: GroupJson[]
}

export interface PeriodReport {
  frozen: { approved_at: string; approved_by: string | null } | null
  rows: ReportRow[]
  distribution: Record<Band, number>
  /** By instrument: the subtree's index by month. */
  trends: { survey: { id: string; title: string }; months: GroupJson[] }[]
  notMet: NotMet[]
  notMetTotal: number
  themes: { counts: ThemeCount[]; total: number; unthemed: number; until: string }
}

export interface ReportQuery {
  unit: Unit
  period: Period
  surveyId: string | null
  lang: string
  /** Last day whose comments may be read (yesterday: today's wait, as on /comments). */
  commentsUntil: string
}

/** Units listed with their lowest items; more would make the report a book. */
export const NOT_MET_LIMIT = 30
/** Comments read for the themes; a whole province's year stays well under it. */
const COMMENT_LIMIT = 50_000

export async function periodReport(deps: ResultsDeps, q: ReportQuery): Promise<PeriodReport> {
  const frozen = await frozenPeriod(deps.db, q.unit.id, q.period)
  const rows = frozen ? frozenRows(frozen, q, deps.suppressBelow) : await liveRows(deps, q)
  const surveys = [...new Map(rows.map((r) => [r.survey.id, r.survey])).values()]

  const trends = []
  for (const survey of surveys) {
    const res = frozen
      ? frozenResults(frozen, { surveyId: survey.id, by: 'month', compare: false, reveal: false, lang: q.lang, suppressBelow: deps.suppressBelow })
      : await computeResults(deps, { unit: q.unit, from: q.period.from, to: q.period.to, period: q.period, by: 'month', surveyId: survey.id, lang: q.lang })
    trends.push({ survey, months: res?.groups ?? [] })
  }

  const failing = rows.filter((r) => r.verdict === 'not_met' && !r.suppressed)
  const notMet: NotMet[] = []
  for (const row of failing.slice(0, NOT_MET_LIMIT)) notMet.push({ row, lowest: (await itemsOf(deps, q, frozen, row)).filter((g) => !g.suppressed && g.index !== null).slice(0, 3) })

  return {
    frozen: frozen ? { approved_at: frozen.snapshot.approved_at, approved_by: frozen.snapshot.approved_by } : null,
    rows,
    distribution: distribution(rows),
    trends,
    notMet,
    notMetTotal: failing.length,
    themes: await commentThemes(deps.db, deps.surveys, q),
  }
}

/** As unitTable's distributionOf: units serving directly, so a district does not count its communes twice. */
function distribution(rows: ReportRow[]): Record<Band, number> {
  const out = Object.fromEntries(BANDS.map((b) => [b, 0])) as Record<Band, number>
  for (const r of rows) if (r.direct) out[bandOf(r)] += 1
  return out
}

function frozenRows(f: Frozen, q: ReportQuery, suppressBelow: number): ReportRow[] {
  const data = blankFor(snapshotLang(f.snapshot, q.lang).export, false, suppressBelow)
  return data.units.filter((r) => !q.surveyId || r.survey.id === q.surveyId)
}

async function liveRows(deps: ResultsDeps, q: ReportQuery): Promise<ReportRow[]> {
  const table = await unitTable(deps, { unit: q.unit, from: q.period.from, to: q.period.to, surveyId: q.surveyId, sector: null, type: null, verdict: null, sort: 'unit', dir: 'asc', lang: q.lang, revealSuppressed: false })
  return table.rows
}

async function itemsOf(deps: ResultsDeps, q: ReportQuery, frozen: Frozen | null, row: ReportRow): Promise<GroupJson[]> {
  if (frozen) {
    const items = snapshotLang(frozen.snapshot, q.lang).export.groups.item.filter((g) => g.unit_id === row.unit_id && g.survey_id === row.survey.id)
    return items.map((g) => blankFigure(g, false)).sort(byIndexAscending)
  }
  const unit = await getUnit(deps.db, row.unit_id)
  if (!unit) return []
  const res = await computeResults(deps, { unit, from: q.period.from, to: q.period.to, period: q.period, by: 'item', surveyId: row.survey.id, lang: q.lang })
  return [...res.groups].sort(byIndexAscending)
}

async function commentThemes(db: ResultsDeps['db'], surveys: SurveyCatalogue, q: ReportQuery): Promise<PeriodReport['themes']> {
  const to = q.period.to < q.commentsUntil ? q.period.to : q.commentsUntil
  const texts: string[] = []
  let before: CommentCursor | null = null
  if (q.period.from <= to) {
    do {
      const page = await listComments(db, surveys, { unitPath: q.unit.path, from: q.period.from, to, surveyId: q.surveyId, serviceId: null, touchpointId: null, rating: null, before, limit: 1000, lang: q.lang })
      for (const item of page.items) texts.push(item.texts.map((x) => x.text).join('\n'))
      before = page.next
    } while (before && texts.length < COMMENT_LIMIT)
  }
  return { ...countThemes(texts), until: to }
}
