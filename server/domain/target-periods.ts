/**
 * When each target applies: from its start until the next target of the same
 * scope (sector, unit) starts, or open-ended for the latest.
 */
import { addDays } from './local-day.ts'
import type { Target } from './targets.ts'

export interface TargetPeriod {
  target: Target
  /** Last day it applies, or null while no later target replaces it. */
  validTo: string | null
}

/** Targets of one scope replace each other; the store refuses two of a scope starting the same day. */
export const scopeOf = (t: Target) => `${t.unitId ?? ''}|${t.sector ?? ''}`

/** Targets with their periods, grouped by scope (sector targets first) and by start within a scope. */
export function targetPeriods(targets: readonly Target[]): TargetPeriod[] {
  const sorted = [...targets].sort(
    (a, b) => (a.unitId ?? 0) - (b.unitId ?? 0) || (a.sector ?? '').localeCompare(b.sector ?? '') || a.validFrom.localeCompare(b.validFrom) || (a.id ?? 0) - (b.id ?? 0),
  )
  return sorted.map((target, i) => {
    const next = sorted.slice(i + 1).find((o) => scopeOf(o) === scopeOf(target) && o.validFrom > target.validFrom)
    return { target, validTo: next ? addDays(next.validFrom, -1) : null }
  })
}
