import { describe, expect, it } from 'vitest'
import { nextPeriod, parsePeriod, periodContaining, previousPeriod, rangePeriod, splitIntoMonths } from '../../server/domain/periods.ts'

describe('reporting periods', () => {
  it('reads month, quarter, year and range keys', () => {
    expect(parsePeriod('2024-02')).toEqual({ kind: 'month', key: '2024-02', from: '2024-02-01', to: '2024-02-29' })
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' })
    expect(parsePeriod('2025')).toEqual({ kind: 'year', key: '2025', from: '2025-01-01', to: '2025-12-31' })
    expect(parsePeriod('2026-03-01..2026-04-15')).toMatchObject({ kind: 'custom', from: '2026-03-01', to: '2026-04-15' })
  })

  it('refuses malformed keys', () => {
    for (const bad of ['2026-13', '2026-00', '2026-Q5', '26', '2026-02-30..2026-03-01', '2026-04-02..2026-04-01', '', 'x']) expect(parsePeriod(bad), bad).toBeNull()
  })

  it('finds the period holding a day and its neighbours', () => {
    expect(periodContaining('quarter', '2026-05-17').key).toBe('2026-Q2')
    expect(previousPeriod(parsePeriod('2026-01')!).key).toBe('2025-12')
    expect(previousPeriod(parsePeriod('2026-Q1')!).key).toBe('2025-Q4')
    expect(nextPeriod(parsePeriod('2025')!).key).toBe('2026')
    // A custom range is followed and preceded by ranges of the same length.
    expect(previousPeriod(rangePeriod('2026-03-01', '2026-03-10')!)).toMatchObject({ from: '2026-02-19', to: '2026-02-28' })
    expect(nextPeriod(rangePeriod('2026-03-01', '2026-03-10')!)).toMatchObject({ from: '2026-03-11', to: '2026-03-20' })
  })
})

describe('splitting a range into whole months', () => {
  const today = '2026-11-22'
  it('reads whole months from rollups and the ragged ends from raw answers', () => {
    expect(splitIntoMonths('2025-01-01', '2025-12-31', today)).toEqual({ months: ['2025-01', '2025-12'], edges: [] })
    expect(splitIntoMonths('2026-01-15', '2026-03-10', today)).toEqual({ months: ['2026-02', '2026-02'], edges: [['2026-01-15', '2026-01-31'], ['2026-03-01', '2026-03-10']] })
    expect(splitIntoMonths('2026-02-03', '2026-02-20', today)).toEqual({ months: null, edges: [['2026-02-03', '2026-02-20']] })
    expect(splitIntoMonths('2026-02-01', '2026-03-10', today)).toEqual({ months: ['2026-02', '2026-02'], edges: [['2026-03-01', '2026-03-10']] })
  })
  it('counts the current month as whole when the range reaches today', () => {
    expect(splitIntoMonths('2026-01-01', today, today)).toEqual({ months: ['2026-01', '2026-11'], edges: [] })
    expect(splitIntoMonths('2026-11-01', '2026-11-30', today)).toEqual({ months: ['2026-11', '2026-11'], edges: [] })
  })
})
