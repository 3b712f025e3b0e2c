import { describe, expect, it } from 'vitest'
import { answerSetHash, decodeFlags, DEFAULT_VOLUME_RULES, encodeFlags, judge, type Arrival, type Seen } from '../../server/domain/flag-rules.ts'
import { isOffHours, parseOpeningHours } from '../../server/domain/opening-hours.ts'
import { dropZeroCounts, negatedTally } from '../../server/domain/tally-negate.ts'
import { addResponse, emptyTally, mergeTally } from '../../server/domain/tally.ts'
import { loadSurveys } from '../../server/surveys/load-surveys.ts'

const T0 = Date.parse('2026-05-12T02:00:00.000Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()
const arrival = (over: Partial<Arrival> = {}): Arrival => ({ clientKey: 'k1', answersHash: 'top', receivedAt: at(0), sharedDevice: false, preset: [], ...over })
let nextId = 1
const seen = (over: Partial<Seen> = {}): Seen => ({ id: nextId++, clientKey: 'k1', answersHash: 'top', receivedAt: at(-1), counted: true, reviewed: false, ...over })

describe('burst rule', () => {
  it('lets one client send burstMax responses in the window and flags the next with the whole burst', () => {
    const earlier = Array.from({ length: DEFAULT_VOLUME_RULES.burstMax - 1 }, () => seen())
    expect(judge(arrival(), earlier, DEFAULT_VOLUME_RULES)).toEqual({ rules: [], alsoFlag: [] })
    const full = [...earlier, seen()]
    const verdict = judge(arrival(), full, DEFAULT_VOLUME_RULES)
    expect(verdict.rules).toEqual(['burst'])
    expect(verdict.alsoFlag).toEqual(full.map((s) => s.id))
  })

  it('forgets responses older than the window, other clients, reviewed and already flagged ones', () => {
    const old = Array.from({ length: 10 }, () => seen({ receivedAt: at(-DEFAULT_VOLUME_RULES.burstMinutes - 1) }))
    const others = Array.from({ length: 10 }, (_, i) => seen({ clientKey: `other-${i}` }))
    expect(judge(arrival(), [...old, ...others], DEFAULT_VOLUME_RULES).rules).toEqual([])
    const reviewed = seen({ reviewed: true })
    const flagged = seen({ counted: false })
    const mine = [reviewed, flagged, seen(), seen(), seen()]
    const verdict = judge(arrival(), mine, DEFAULT_VOLUME_RULES)
    expect(verdict.rules).toEqual(['burst'])
    expect(verdict.alsoFlag).toEqual(mine.slice(2).map((s) => s.id))
  })

  it('does not apply on a shared tablet, to an unknown client, or with the volume rules off', () => {
    const many = Array.from({ length: 10 }, () => seen({ answersHash: `set-${nextId}` }))
    expect(judge(arrival({ sharedDevice: true }), many, DEFAULT_VOLUME_RULES).rules).toEqual([])
    expect(judge(arrival({ clientKey: null }), many, DEFAULT_VOLUME_RULES).rules).toEqual([])
    expect(judge(arrival(), many, null).rules).toEqual([])
  })
})

describe('duplicate answer sets', () => {
  const clients = (n: number, over: Partial<Seen> = {}) => Array.from({ length: n }, (_, i) => seen({ clientKey: `c${i}`, ...over }))

  it('flags the arrival once duplicateMax identical sets are counted in the window', () => {
    expect(judge(arrival({ clientKey: 'x' }), clients(DEFAULT_VOLUME_RULES.duplicateMax - 1), DEFAULT_VOLUME_RULES).rules).toEqual([])
    expect(judge(arrival({ clientKey: 'x' }), clients(DEFAULT_VOLUME_RULES.duplicateMax), DEFAULT_VOLUME_RULES)).toEqual({ rules: ['duplicate_set'], alsoFlag: [] })
  })

  it('counts only counted responses with the same set, inside the window', () => {
    const flood = clients(100, { counted: false })
    const otherSet = clients(100, { answersHash: 'low' })
    const old = clients(100, { receivedAt: at(-DEFAULT_VOLUME_RULES.duplicateMinutes - 1) })
    expect(judge(arrival({ clientKey: 'x' }), [...flood, ...otherSet, ...old], DEFAULT_VOLUME_RULES).rules).toEqual([])
  })

  it('keeps the preset rules, in the fixed order', () => {
    expect(judge(arrival({ preset: ['honeypot', 'off_hours'] }), [], DEFAULT_VOLUME_RULES).rules).toEqual(['off_hours', 'honeypot'])
    expect(decodeFlags(encodeFlags(['burst', 'honeypot']))).toEqual(['burst', 'honeypot'])
    expect(encodeFlags([])).toBeNull()
  })

  it('fingerprints answers whatever their key order', () => {
    expect(answerSetHash({ a: 1, b: 'x' })).toBe(answerSetHash({ b: 'x', a: 1 }))
    expect(answerSetHash({ a: 1 })).not.toBe(answerSetHash({ a: 2 }))
  })
})

describe('opening hours', () => {
  // 2026-05-12 is a Tuesday; local time is UTC+7.
  const local = (day: string, hm: string) => new Date(`${day}T${hm}:00+07:00`)

  it('reads ranges and days, and refuses what it cannot read', () => {
    expect(parseOpeningHours('07:30-17:00')).toEqual([{ days: [1, 2, 3, 4, 5, 6], ranges: [[450, 1020]] }])
    expect(parseOpeningHours('07:30-11:30,13:30-17:00 Mon-Fri; 07:30-11:30 Sat')).toEqual([
      { days: [1, 2, 3, 4, 5], ranges: [[450, 690], [810, 1020]] },
      { days: [6], ranges: [[450, 690]] },
    ])
    expect(parseOpeningHours('Fri-Mon 08:00-09:00')).toBeNull()
    for (const bad of ['', '7:30-17:00', '17:00-07:00', '08:00-09:00 Funday', '08:00-09:00 Mon x']) expect(parseOpeningHours(bad), bad).toBeNull()
  })

  it('flags outside the hours, with an hour of grace after closing', () => {
    const hours = '07:30-11:30,13:30-17:00 Mon-Fri; 07:30-11:30 Sat'
    expect(isOffHours(hours, local('2026-05-12', '09:00'))).toBe(false)
    expect(isOffHours(hours, local('2026-05-12', '12:15'))).toBe(false) // within the grace after 11:30
    expect(isOffHours(hours, local('2026-05-12', '13:00'))).toBe(true)
    expect(isOffHours(hours, local('2026-05-12', '17:59'))).toBe(false)
    expect(isOffHours(hours, local('2026-05-12', '18:00'))).toBe(true)
    expect(isOffHours(hours, local('2026-05-12', '03:00'))).toBe(true)
    expect(isOffHours(hours, local('2026-05-16', '10:00'))).toBe(false) // Saturday morning
    expect(isOffHours(hours, local('2026-05-16', '15:00'))).toBe(true)
    expect(isOffHours(hours, local('2026-05-17', '10:00'))).toBe(true) // Sunday
    expect(isOffHours('20:00-23:30 Mon', local('2026-05-12', '00:15'))).toBe(false) // Monday's grace runs past midnight
    expect(isOffHours(null, local('2026-05-17', '03:00'))).toBe(false)
    expect(isOffHours('nonsense', local('2026-05-17', '03:00'))).toBe(false)
  })
})

describe('taking responses back out of a tally', () => {
  it('gives exactly the tally of the responses that remain', () => {
    const surveys = loadSurveys(new URL('../../surveys', import.meta.url).pathname)
    for (const def of surveys.values()) {
      const items = def.sections.flatMap((s) => s.items).filter((i) => i.options)
      const answers = (k: number) => Object.fromEntries(items.map((i, j) => [i.code, i.options![(k + j) % i.options!.length]!.value]))
      const kept = emptyTally(def)
      const all = emptyTally(def)
      const removed = emptyTally(def)
      for (let k = 0; k < 7; k++) {
        addResponse(all, def, answers(k))
        addResponse(k % 3 ? kept : removed, def, answers(k))
      }
      expect(dropZeroCounts(mergeTally(all, negatedTally(removed))), def.id).toEqual(kept)
    }
  })
})
