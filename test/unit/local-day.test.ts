import fc from 'fast-check'
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

  it('answers the same whatever was asked before (the last day is remembered)', () => {
    const direct = (t: number) => new Date(t + 7 * 3600 * 1000).toISOString().slice(0, 10)
    // Instants near the same few midnights, in any order, so the remembered day is hit, left and entered again.
    const near = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -3_600_000, max: 3_600_000 })).map(([d, off]) => localMidnight(addDays('2026-03-01', d)) + off)
    fc.assert(fc.property(fc.array(fc.oneof(near, fc.integer({ min: 0, max: 4_102_444_800_000 })), { minLength: 1, maxLength: 50 }), (ts) => ts.every((t) => localDay(new Date(t)) === direct(t))))
  })
})
