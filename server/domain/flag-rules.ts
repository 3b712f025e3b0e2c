/**
 * The rules that flag a suspicious response. A flagged response is kept
 * (nothing is lost) but left out of every figure until an administrator
 * reviews it. Each flag names its rule:
 *
 * - burst: one client (address and browser, as a keyed hash of the day) sent
 *   more than `burstMax` responses to one touchpoint within `burstMinutes`.
 *   The whole burst is flagged, its first responses too: one person's
 *   hundred ratings must not move a figure by five. Touchpoints with their
 *   own rate limit are shared tablets, where one client is many citizens:
 *   the rule does not apply there.
 * - duplicate_set: `duplicateMax` responses with the very same answers were
 *   already counted at the touchpoint within `duplicateMinutes`; the later
 *   ones are flagged. Responses already flagged for another reason do not
 *   count, so a genuine citizen who gives the same top rating as a flood
 *   stays counted.
 * - off_hours: sent outside the unit's opening hours (opening-hours.ts).
 * - honeypot: the form's hidden field, which people never see, was filled.
 */
import { createHash } from 'node:crypto'
import type { Answers } from './survey-types.ts'

export const FLAG_RULES = ['burst', 'duplicate_set', 'off_hours', 'honeypot'] as const
export type FlagRule = (typeof FLAG_RULES)[number]

export interface VolumeRules {
  burstMax: number
  burstMinutes: number
  duplicateMax: number
  duplicateMinutes: number
}

/**
 * A person answers once per visit; a family sharing one phone a few times.
 * A busy counter sees a citizen every few minutes, so twenty identical
 * answer sets in ten minutes at one survey point is not a queue.
 */
export const DEFAULT_VOLUME_RULES: VolumeRules = { burstMax: 5, burstMinutes: 10, duplicateMax: 20, duplicateMinutes: 10 }

/** A response already stored at the touchpoint, in the window the rules look at. */
export interface Seen {
  id: number
  clientKey: string | null
  answersHash: string | null
  receivedAt: string
  /** status ok: counted in the figures. */
  counted: boolean
  /** An administrator judged it: the rules never change it again. */
  reviewed: boolean
}

export interface Arrival {
  clientKey: string | null
  answersHash: string
  receivedAt: string
  /** The touchpoint has its own rate limit (a shared tablet): no burst rule. */
  sharedDevice: boolean
  /** Rules decided from the submission alone (honeypot, off_hours). */
  preset: FlagRule[]
}

export interface Judgement {
  rules: FlagRule[]
  /** Earlier counted responses of the same burst, to flag now. */
  alsoFlag: number[]
}

const minutesBefore = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString()

/** Judges one arrival against the responses seen at its touchpoint; `volume` null switches the volume rules off. */
export function judge(arrival: Arrival, seen: readonly Seen[], volume: VolumeRules | null): Judgement {
  const rules = new Set<FlagRule>(arrival.preset)
  const alsoFlag: number[] = []
  if (volume && arrival.clientKey && !arrival.sharedDevice) {
    const since = minutesBefore(arrival.receivedAt, volume.burstMinutes)
    const mine = seen.filter((s) => s.clientKey === arrival.clientKey && s.receivedAt >= since)
    if (mine.length + 1 > volume.burstMax) {
      rules.add('burst')
      for (const s of mine) if (s.counted && !s.reviewed) alsoFlag.push(s.id)
    }
  }
  if (volume) {
    const since = minutesBefore(arrival.receivedAt, volume.duplicateMinutes)
    const same = seen.filter((s) => s.counted && s.answersHash === arrival.answersHash && s.receivedAt >= since).length
    if (same >= volume.duplicateMax) rules.add('duplicate_set')
  }
  return { rules: FLAG_RULES.filter((r) => rules.has(r)), alsoFlag }
}

/** A short fingerprint of the answers alone (key order does not matter). */
export function answerSetHash(answers: Answers): string {
  const sorted = Object.keys(answers)
    .sort()
    .map((k) => [k, answers[k]])
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 16)
}

export const encodeFlags = (rules: readonly FlagRule[]) => (rules.length ? rules.join(',') : null)

export const decodeFlags = (text: string | null): FlagRule[] => (text ? (text.split(',').filter((r) => (FLAG_RULES as readonly string[]).includes(r)) as FlagRule[]) : [])
