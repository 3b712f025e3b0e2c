/**
 * The figures of an approved period, frozen: at approval every view of the
 * unit's period that the API, dashboard, exports, report and public pages
 * read is computed once (in Vietnamese and English, with suppressed numbers
 * kept) and stored; afterwards those views read the snapshot, so late
 * responses and reclassifications are stored but no longer move the
 * figures. `live=1` on the API still computes from the data.
 */
import type { Kysely } from 'kysely'
import type { Database, Unit } from '../db/schema.ts'
import type { Period } from '../domain/periods.ts'
import { AppError } from '../errors.ts'
import { resultsExportData, blankFigure, GROUP_BREAKDOWNS, type ResultsDataDeps, type ResultsExportData } from '../export/results-data.ts'
import { getReview, type Review } from '../store/period-reviews.ts'
import { surveysInScope } from '../store/scope-tallies.ts'
import { readSnapshot } from '../store/snapshots.ts'
import { BREAKDOWNS, computeResults, type Breakdown, type ResultsJson } from './compute-results.ts'

export const SNAPSHOT_LANGS = ['vi', 'en'] as const

export interface Snapshot {
  version: 1
  unit_id: number
  period: { key: string; from: string; to: string }
  approved_at: string
  approved_by: string | null
  surveys: string[]
  langs: Record<string, { results: Record<string, Record<string, ResultsJson>>; export: ResultsExportData }>
}

export interface Frozen {
  review: Review
  snapshot: Snapshot
}

export async function buildSnapshot(deps: ResultsDataDeps, unit: Unit, period: Period, approvedAt: string, approvedBy: string | null): Promise<Snapshot> {
  const surveys = (await surveysInScope(deps.db, { unitPath: unit.path, from: period.from, to: period.to })).filter((id) => deps.surveys.has(id))
  const langs: Snapshot['langs'] = {}
  for (const lang of SNAPSHOT_LANGS) {
    const results: Record<string, Record<string, ResultsJson>> = {}
    for (const surveyId of surveys) {
      results[surveyId] = {}
      for (const by of [null, ...BREAKDOWNS] as (Breakdown | null)[]) {
        results[surveyId][by ?? 'none'] = await computeResults(deps, { unit, from: period.from, to: period.to, period, by, surveyId, lang, compare: true, reveal: true })
      }
    }
    const exportData = await resultsExportData(deps, unit, period, { survey: null, sector: null, type: null, verdict: null, breakdowns: [...GROUP_BREAKDOWNS] }, lang)
    langs[lang] = { results, export: exportData }
  }
  return { version: 1, unit_id: unit.id, period: { key: period.key, from: period.from, to: period.to }, approved_at: approvedAt, approved_by: approvedBy, surveys, langs }
}

/** The approved review and snapshot of exactly this unit and period, if any. */
export async function frozenPeriod(db: Kysely<Database>, unitId: number, period: Period): Promise<Frozen | null> {
  if (period.kind === 'custom') return null
  const review = await getReview(db, unitId, period.key)
  if (!review || review.status !== 'approved') return null
  const snapshot = await readSnapshot<Snapshot>(db, review.id)
  return snapshot ? { review, snapshot } : null
}

export const snapshotLang = (s: Snapshot, lang: string) => s.langs[lang] ?? s.langs.vi!

export interface FrozenQuery {
  surveyId: string | null
  by: Breakdown | null
  compare: boolean
  reveal: boolean
  lang: string
  suppressBelow: number
}

/** GET /api/v1/results from the snapshot, blanked for the caller like the live figures; null when the snapshot has no figures for it. */
export function frozenResults(f: Frozen, q: FrozenQuery): ResultsJson | null {
  const { snapshot } = f
  const surveyId = q.surveyId ?? (snapshot.surveys.length === 1 ? snapshot.surveys[0]! : null)
  if (!surveyId) {
    if (snapshot.surveys.length > 1) throw new AppError(400, 'survey_required', {}, { surveys: snapshot.surveys })
    return null
  }
  const stored = snapshotLang(snapshot, q.lang).results[surveyId]?.[q.by ?? 'none']
  if (!stored) return null
  const out: ResultsJson = q.reveal ? { ...stored } : blankResults(stored, q.suppressBelow)
  if (!q.compare) {
    delete out.previous
    delete out.change
  }
  return { ...out, frozen: { approved_at: snapshot.approved_at, approved_by: snapshot.approved_by } }
}

function blankResults(r: ResultsJson, suppressBelow: number): ResultsJson {
  return {
    ...blankFigure(r, false),
    metrics: r.metrics.map((m) => (m.n < suppressBelow ? { ...m, value: null, ci: null } : m)),
    groups: r.groups.map((g) => {
      const b = blankFigure(g, false)
      return b.dist && g.suppressed ? { ...b, dist: { ...b.dist, counts: null } } : b
    }),
    previous: r.previous ? (r.previous.suppressed ? { ...r.previous, index: null, ci: null } : r.previous) : undefined,
    change: r.previous?.suppressed || r.suppressed ? null : r.change,
  }
}
