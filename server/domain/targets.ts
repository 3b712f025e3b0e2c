/**
 * Targets are data: a threshold for the headline index, scoped to a sector or
 * to a unit (and its subtree), valid from a date until a later target for the
 * same scope replaces it, with the document it comes from.
 */
import type { Sector } from './survey-types.ts'

export interface Target {
  id?: number
  /** A sector-wide target, or null when the target belongs to one unit. */
  sector: Sector | null
  /** A unit's own target (covers its subtree), or null for a sector target. */
  unitId: number | null
  threshold: number
  /** First day it applies, YYYY-MM-DD. */
  validFrom: string
  source: string
}

/**
 * Defaults from the provincial administrative-reform plans (as the foundation
 * issue states them): NQ 30c/NQ-CP (2011–2020) set "trên 80%" for 2020 and the
 * provincial plans 90% for administrative procedures; NQ 76/NQ-CP (2021–2030)
 * raised them. Verification per methodology.md §7: 80% [V], 90/95% [GK].
 */
export const DEFAULT_TARGETS: readonly Target[] = [
  { sector: 'administrative', unitId: null, threshold: 0.9, validFrom: '2016-01-01', source: 'Kế hoạch CCHC cấp tỉnh giai đoạn 2016–2020 theo NQ 30c/NQ-CP (08/11/2011)' },
  { sector: 'administrative', unitId: null, threshold: 0.95, validFrom: '2021-01-01', source: 'Kế hoạch CCHC cấp tỉnh giai đoạn 2021–2030 theo NQ 76/NQ-CP (15/07/2021)' },
  { sector: 'health', unitId: null, threshold: 0.8, validFrom: '2016-01-01', source: 'NQ 30c/NQ-CP (08/11/2011): trên 80% đối với dịch vụ y tế, giáo dục công năm 2020' },
  { sector: 'health', unitId: null, threshold: 0.9, validFrom: '2021-01-01', source: 'Kế hoạch CCHC cấp tỉnh giai đoạn 2021–2030 theo NQ 76/NQ-CP (15/07/2021)' },
  { sector: 'education', unitId: null, threshold: 0.8, validFrom: '2016-01-01', source: 'NQ 30c/NQ-CP (08/11/2011): trên 80% đối với dịch vụ y tế, giáo dục công năm 2020' },
  { sector: 'education', unitId: null, threshold: 0.9, validFrom: '2021-01-01', source: 'Kế hoạch CCHC cấp tỉnh giai đoạn 2021–2030 theo NQ 76/NQ-CP (15/07/2021)' },
]

/**
 * The target in force on `date` for a unit: the unit's own or its nearest
 * ancestor's target wins over the sector's; within a scope the latest start
 * on or before `date` applies.
 *
 * @param ancestry the unit's id first, then its parent's, up to the root.
 */
export function applicableTarget(targets: readonly Target[], sector: Sector, ancestry: readonly number[], date: string): Target | null {
  const inForce = (scope: (t: Target) => boolean) =>
    targets
      .filter((t) => scope(t) && t.validFrom <= date)
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0))[0] ?? null
  for (const unitId of ancestry) {
    const own = inForce((t) => t.unitId === unitId && (t.sector === null || t.sector === sector))
    if (own) return own
  }
  return inForce((t) => t.unitId === null && t.sector === sector)
}
