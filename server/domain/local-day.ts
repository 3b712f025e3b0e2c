/**
 * Local days and periods. Vietnam keeps one offset all year (UTC+7, no
 * daylight saving), so a fixed offset is exact and needs no time-zone data.
 */

const OFFSET_MS = 7 * 3600 * 1000

const DAY_MS = 86_400_000

/** The day asked last and the instants it spans: each submission asks for the current day several times. */
let last = { day: '', from: 0, until: 0 }

/** The local calendar day (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh. */
export function localDay(at: Date): string {
  const t = at.getTime()
  if (t >= last.from && t < last.until) return last.day
  const day = new Date(t + OFFSET_MS).toISOString().slice(0, 10)
  // Every local day is 24 hours long: there is no daylight saving to shorten one.
  const from = Date.parse(`${day}T00:00:00Z`) - OFFSET_MS
  last = { day, from, until: from + DAY_MS }
  return day
}

/** The instant (ms since the epoch) a local day begins. */
export function localMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - OFFSET_MS
}

/** The local hour (0–23) of an instant. */
export function localHour(at: Date): number {
  return new Date(at.getTime() + OFFSET_MS).getUTCHours()
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar date written YYYY-MM-DD. */
export function isDay(s: string): boolean {
  const m = DAY.exec(s)
  if (!m) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Months (YYYY-MM) from the month of `from` to the month of `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))]
  const end = to.slice(0, 7)
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`
    if (key > end) return out
    out.push(key)
    m += 1
    if (m > 12) { m = 1; y += 1 }
  }
}
