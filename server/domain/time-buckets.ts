/**
 * Keys of the time buckets a breakdown groups responses into: ISO weeks
 * ("2026-W07") and hour-of-day by weekday cells ("1-09": Monday, 09:00–09:59
 * local time). Pure functions on local days and UTC instants.
 */
import { addDays, localHour } from './local-day.ts'

const pad = (n: number) => String(n).padStart(2, '0')

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7
}

/** The ISO week holding a local day, "YYYY-Www" (the year is the week's, which differs from the day's around New Year). */
export function isoWeekKey(day: string): string {
  // The Thursday of the day's week decides the week's year.
  const thursday = new Date(`${addDays(day, 4 - isoWeekday(day))}T00:00:00Z`)
  const year = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1
  return `${year}-W${pad(week)}`
}

/** First (Monday) and last (Sunday) local day of an ISO week key. */
export function isoWeekDays(key: string): { from: string; to: string } {
  const year = Number(key.slice(0, 4))
  const week = Number(key.slice(6))
  // 4 January is always in week 1.
  const jan4 = `${year}-01-04`
  const from = addDays(jan4, 1 - isoWeekday(jan4) + 7 * (week - 1))
  return { from, to: addDays(from, 6) }
}

/** The weekday-by-hour cell of a response: its local day's weekday and the local hour it arrived. */
export function hourCellKey(day: string, receivedAt: string): string {
  return `${isoWeekday(day)}-${pad(localHour(new Date(receivedAt)))}`
}
