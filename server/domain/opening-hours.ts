/**
 * A unit's opening hours, as an administrator types them: one or more
 * ranges of local time and the days they hold, rules separated by ";".
 *
 *   07:30-17:00                      Monday to Saturday (the default days)
 *   07:30-11:30,13:30-17:00 Mon-Fri; 07:30-11:30 Sat
 *
 * Days are Mon Tue Wed Thu Fri Sat Sun, alone, in ranges (Mon-Fri) or lists
 * (Mon,Wed). Times are local (UTC+7, Vietnam has no daylight saving).
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const DEFAULT_DAYS = [1, 2, 3, 4, 5, 6]
const OFFSET_MS = 7 * 3600 * 1000

export interface OpeningRule {
  /** 0 = Sunday … 6 = Saturday. */
  days: number[]
  /** Minutes after local midnight, [open, close). */
  ranges: [number, number][]
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^(24):(00)$/

function minutes(s: string): number | null {
  const m = TIME.exec(s)
  if (!m) return null
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4])
}

function parseDays(s: string): number[] | null {
  const out = new Set<number>()
  for (const part of s.split(',')) {
    const [a, b, extra] = part.split('-')
    const from = DAYS.indexOf(a as (typeof DAYS)[number])
    const to = b === undefined ? from : DAYS.indexOf(b as (typeof DAYS)[number])
    if (from < 0 || to < 0 || extra !== undefined) return null
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d)
      if (d === to) break
    }
  }
  return [...out].sort()
}

/** The rules of a text, or null when it does not read as opening hours. */
export function parseOpeningHours(text: string): OpeningRule[] | null {
  const rules: OpeningRule[] = []
  for (const chunk of text.split(';').map((s) => s.trim())) {
    const [times, days, extra] = chunk.split(/\s+/)
    if (!times || extra !== undefined) return null
    const ranges: [number, number][] = []
    for (const range of times.split(',')) {
      const [a, b, more] = range.split('-')
      const open = minutes(a ?? '')
      const close = minutes(b ?? '')
      if (open === null || close === null || more !== undefined || open >= close) return null
      ranges.push([open, close])
    }
    const dayList = days === undefined ? DEFAULT_DAYS : parseDays(days)
    if (!dayList) return null
    rules.push({ days: dayList, ranges })
  }
  return rules.length ? rules : null
}

/** Citizens answer on the way out or once home: this long after closing still counts as open. */
export const GRACE_MINUTES = 60

/** True when the instant falls outside every range (allowing the grace after closing). Unreadable hours never flag. */
export function isOffHours(text: string | null, at: Date): boolean {
  const rules = text ? parseOpeningHours(text) : null
  if (!rules) return false
  const local = new Date(at.getTime() + OFFSET_MS)
  const day = local.getUTCDay()
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes()
  const yesterday = (day + 6) % 7
  const open = rules.some(
    (r) =>
      (r.days.includes(day) && r.ranges.some(([o, c]) => minute >= o && minute < c + GRACE_MINUTES)) ||
      // A grace that runs past midnight.
      (r.days.includes(yesterday) && r.ranges.some(([, c]) => c + GRACE_MINUTES > 1440 && minute < c + GRACE_MINUTES - 1440)),
  )
  return !open
}
