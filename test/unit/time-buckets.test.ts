/**
 * ISO week keys and weekday-hour cells, checked at the year boundaries where
 * the week's year differs from the day's, and round-tripped over four years.
 */
import { describe, expect, it } from 'vitest'
import { addDays } from '../../server/domain/local-day.ts'
import { hourCellKey, isoWeekDays, isoWeekKey, isoWeekday } from '../../server/domain/time-buckets.ts'

describe('ISO weeks', () => {
  it('gives the week-year at the turn of the year', () => {
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01')
    expect(isoWeekKey('2021-01-03')).toBe('2020-W53')
    expect(isoWeekKey('2026-12-31')).toBe('2026-W53')
    expect(isoWeekKey('2025-03-03')).toBe('2025-W10')
    expect(isoWeekDays('2025-W01')).toEqual({ from: '2024-12-30', to: '2025-01-05' })
  })

  it('puts every day in a Monday-to-Sunday week that holds it', () => {
    for (let day = '2023-01-01'; day < '2027-01-01'; day = addDays(day, 1)) {
      const { from, to } = isoWeekDays(isoWeekKey(day))
      expect(from <= day && day <= to && isoWeekday(from) === 1 && addDays(from, 6) === to, day).toBe(true)
    }
  })
})

describe('weekday-hour cells', () => {
  it('uses local time, UTC+7', () => {
    // 17:30 UTC on Saturday is 00:30 on Sunday in Vietnam.
    expect(hourCellKey('2025-03-09', '2025-03-08T17:30:00Z')).toBe('7-00')
    expect(hourCellKey('2025-03-03', '2025-03-03T02:15:00Z')).toBe('1-09')
  })
})
