/**
 * Reporting periods: a month, a quarter, a year or a custom range of local
 * days, each with a stable key that goes in the address ("2026-05",
 * "2026-Q2", "2026", "2026-03-01..2026-04-15"), so a view can be bookmarked.
 */
import { addDays, isDay } from './local-day.ts'

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

export interface Period {
  kind: PeriodKind
  key: string
  /** First and last local day, inclusive. */
  from: string
  to: string
}

const pad = (n: number) => String(n).padStart(2, '0')
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

function monthPeriod(y: number, m: number): Period {
  return { kind: 'month', key: `${y}-${pad(m)}`, from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDayOfMonth(y, m))}` }
}

function quarterPeriod(y: number, q: number): Period {
  const last = q * 3
  return { kind: 'quarter', key: `${y}-Q${q}`, from: `${y}-${pad(last - 2)}-01`, to: `${y}-${pad(last)}-${pad(lastDayOfMonth(y, last))}` }
}

const yearPeriod = (y: number): Period => ({ kind: 'year', key: String(y), from: `${y}-01-01`, to: `${y}-12-31` })

/** A custom range; null unless both ends are real days in order. */
export function rangePeriod(from: string, to: string): Period | null {
  if (!isDay(from) || !isDay(to) || from > to) return null
  return { kind: 'custom', key: `${from}..${to}`, from, to }
}

/** Reads a period key; null for anything malformed. */
export function parsePeriod(key: string): Period | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key)
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? monthPeriod(Number(m[1]), Number(m[2])) : null
  m = /^(\d{4})-Q([1-4])$/.exec(key)
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]))
  m = /^(\d{4})$/.exec(key)
  if (m) return yearPeriod(Number(m[1]))
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key)
  return m ? rangePeriod(m[1]!, m[2]!) : null
}

/** The month, quarter or year holding a day. */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, day: string): Period {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  return kind === 'month' ? monthPeriod(y, m) : kind === 'quarter' ? quarterPeriod(y, Math.ceil(m / 3)) : yearPeriod(y)
}

/** The period just before: the previous month, quarter or year, or as many days before a custom range. */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'custom') {
    const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1
    return rangePeriod(addDays(p.from, -days), addDays(p.from, -1))!
  }
  return periodContaining(p.kind, addDays(p.from, -1))
}

/** The period just after (for "next" links); same rules as previousPeriod. */
export function nextPeriod(p: Period): Period {
  if (p.kind === 'custom') {
    const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1
    return rangePeriod(addDays(p.to, 1), addDays(p.to, days))!
  }
  return periodContaining(p.kind, addDays(p.to, 1))
}

/**
 * Splits a range into the whole months it covers and the leftover days at
 * either end, so whole months can be read from monthly rollups. The last
 * month counts as whole when the range reaches today: no response can carry
 * a later day yet.
 */
export function splitIntoMonths(from: string, to: string, today: string): { months: [string, string] | null; edges: [string, string][] } {
  const monthStart = (m: string) => `${m}-01`
  const monthEnd = (m: string) => periodContaining('month', monthStart(m)).to
  let first = from.slice(0, 7)
  let last = to.slice(0, 7)
  const edges: [string, string][] = []
  if (from !== monthStart(first)) {
    edges.push([from, first === last ? to : monthEnd(first)])
    if (first === last) return { months: null, edges }
    first = nextPeriod(periodContaining('month', from)).key
  }
  if (to !== monthEnd(last) && to < today) {
    edges.push([monthStart(last), to])
    last = previousPeriod(periodContaining('month', to)).key
  }
  return { months: first <= last ? [first, last] : null, edges }
}
