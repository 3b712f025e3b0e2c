/**
 * The figures on the public pages: only periods that Sở Nội vụ approved and
 * published, read from their frozen snapshots (freeze.ts), never from live
 * data. A published unit's snapshot carries its whole subtree, so a period's
 * public figures are the rows of every published snapshot of that period; a
 * unit covered by several (its own and an ancestor's) takes the figure of the
 * nearest published review, its own first, so each unit has one public figure
 * per period and instrument. Small numbers are then hidden over that whole
 * set at once, every period together (domain/disclosure.ts), so no page
 * can be combined with another to undo a suppression: not a unit's page
 * with its parent's, nor a quarter with its months. No comments and
 * nothing staff-only here.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { suppressFigures, type Hidden } from '../domain/disclosure.ts'
import { parsePeriod } from '../domain/periods.ts'
import type { Verdict } from '../domain/verdict.ts'
import { listReviews, type Review } from '../store/period-reviews.ts'
import { readSnapshot } from '../store/snapshots.ts'
import type { Snapshot } from './freeze.ts'

export interface PublicRow {
  unit_id: number
  name: string
  parent_id: number | null
  survey_id: string
  n: number
  index: number | null
  ci: [number, number] | null
  target: number | null
  verdict: Verdict | null
}

/** A figure as the public may see it: a hidden one has no n, index or interval. */
export interface PublicFigure {
  unit_id: number
  name: string
  parent_id: number | null
  survey_id: string
  n: number | null
  index: number | null
  ci: [number, number] | null
  target: number | null
  verdict: Verdict | null
  /** small: under the threshold; secondary: hidden so that a small one cannot be worked out from the totals. */
  hidden: 'small' | 'secondary' | null
}

export interface PublicPeriod {
  key: string
  from: string
  to: string
  approved_at: string
  published_at: string
  figures: PublicFigure[]
}

/** Snapshots never change once written: their public rows are kept by review id, per database. */
const caches = new WeakMap<Kysely<Database>, Map<number, PublicRow[]>>()

async function publicRows(db: Kysely<Database>, review: Review): Promise<PublicRow[]> {
  let rowsCache = caches.get(db)
  if (!rowsCache) caches.set(db, (rowsCache = new Map()))
  let rows = rowsCache.get(review.id)
  if (!rows) {
    const snapshot = await readSnapshot<Snapshot>(db, review.id)
    rows = (snapshot?.langs.vi?.export.units ?? []).map((r) => ({
      unit_id: r.unit_id,
      name: r.name,
      parent_id: r.parent_id,
      survey_id: r.survey.id,
      n: r.n,
      index: r.index,
      ci: r.ci,
      target: r.target,
      verdict: r.verdict,
    }))
    rowsCache.set(review.id, rows)
  }
  return rows
}

const depthOf = (r: Review) => r.unit_path.split('/').length

/** Every published period with its public figures, oldest first. */
export async function publishedPeriods(db: Kysely<Database>, suppressBelow: number): Promise<PublicPeriod[]> {
  const reviews = (await listReviews(db, { status: 'approved', published: true })).filter((r) => r.published_at && r.approved_at)
  // Suppression over a province's every published figure takes a while (half a second at 2,000 units and a year of months);
  // it changes only when something is published or withdrawn, or a unit moves.
  const signature = JSON.stringify([suppressBelow, reviews.map((r) => [r.id, r.unit_path, r.period_key, r.approved_at, r.published_at])])
  const known = computed.get(db)
  if (known?.signature === signature) return known.periods
  const periods = await disclosedPeriods(db, reviews, suppressBelow)
  computed.set(db, { signature, periods })
  return periods
}

const computed = new WeakMap<Kysely<Database>, { signature: string; periods: PublicPeriod[] }>()

async function disclosedPeriods(db: Kysely<Database>, reviews: Review[], suppressBelow: number): Promise<PublicPeriod[]> {
  const byPeriod = new Map<string, Review[]>()
  for (const r of reviews) byPeriod.set(r.period_key, [...(byPeriod.get(r.period_key) ?? []), r])
  const periods: (Omit<PublicPeriod, 'figures'> & { rows: PublicRow[] })[] = []
  for (const [key, list] of byPeriod) {
    const period = parsePeriod(key)
    if (!period) continue
    // Deepest review first: a unit's own (or nearest) snapshot wins.
    list.sort((a, b) => depthOf(b) - depthOf(a))
    const rows = new Map<string, PublicRow>()
    for (const review of list) for (const row of await publicRows(db, review)) if (!rows.has(`${row.unit_id}|${row.survey_id}`)) rows.set(`${row.unit_id}|${row.survey_id}`, row)
    periods.push({
      key,
      from: period.from,
      to: period.to,
      approved_at: list.map((r) => r.approved_at!).sort().at(-1)!,
      published_at: list.map((r) => r.published_at!).sort().at(-1)!,
      rows: [...rows.values()],
    })
  }
  // Over every period at once: a month must not be worked out as its quarter minus the other months.
  const cellKey = (period: string, r: PublicRow) => `${period}|${r.unit_id}|${r.survey_id}`
  const cells = periods.flatMap((p) =>
    p.rows.map((r) => ({ key: cellKey(p.key, r), unit: String(r.unit_id), parentUnit: r.parent_id === null ? null : String(r.parent_id), instrument: r.survey_id, period: p, n: r.n })),
  )
  const hidden = suppressFigures(cells, suppressBelow)
  return periods
    .map(({ rows, ...p }) => ({ ...p, figures: rows.map((r) => disclosed(r, hidden.get(cellKey(p.key, r)))).sort((a, b) => a.unit_id - b.unit_id || a.survey_id.localeCompare(b.survey_id)) }))
    .sort((a, b) => (a.from === b.from ? a.to.localeCompare(b.to) : a.from.localeCompare(b.from)))
}

function disclosed(r: PublicRow, h: Hidden | undefined): PublicFigure {
  if (h) return { ...r, n: null, index: null, ci: null, verdict: 'too_few', hidden: h === 'primary' ? 'small' : 'secondary' }
  // n = 0: nothing to hide, nothing to judge.
  if (r.n === 0) return { ...r, index: null, ci: null, verdict: 'too_few', hidden: null }
  return { ...r, hidden: null }
}

export interface PublicUnit {
  id: number
  name: string
  parent_id: number | null
  periods: string[]
}

/** Units with a published figure, each with its periods; the tree through parent_id. */
export function publicUnits(periods: PublicPeriod[]): PublicUnit[] {
  const units = new Map<number, PublicUnit>()
  for (const p of periods) {
    for (const f of p.figures) {
      const u = units.get(f.unit_id) ?? { id: f.unit_id, name: f.name, parent_id: f.parent_id, periods: [] }
      if (!u.periods.includes(p.key)) u.periods.push(p.key)
      // The newest snapshot's name.
      u.name = f.name
      units.set(f.unit_id, u)
    }
  }
  return [...units.values()]
}
