import { describe, expect, it } from 'vitest'
import { addDays, localDay, localHour, localMidnight } from '../../server/domain/local-day.ts'

describe('local days in Asia/Ho_Chi_Minh (UTC+7 all year)', () => {
  it('puts 17:00 UTC on the next local day', () => {
    expect(localDay(new Date('2026-03-01T16:59:59.999Z'))).toBe('2026-03-01')
    expect(localDay(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02')
    expect(localHour(new Date('2026-03-01T17:00:00Z'))).toBe(0)
  })

  it('gives the instant a local day begins, and every instant of the day maps back to it', () => {
    const start = localMidnight('2026-02-28')
    expect(new Date(start).toISOString()).toBe('2026-02-27T17:00:00.000Z')
    expect(localDay(new Date(start))).toBe('2026-02-28')
    expect(localDay(new Date(start - 1))).toBe('2026-02-27')
    const end = localMidnight(addDays('2026-02-28', 1))
    expect(end - start).toBe(86_400_000)
    expect(localDay(new Date(end - 1))).toBe('2026-02-28')
    expect(localDay(new Date(end))).toBe('2026-03-01')
  })
})
