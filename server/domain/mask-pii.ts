/**
 * Masks what identifies a citizen in a free-text comment before any staff
 * user reads it: e-mail addresses, Vietnamese phone numbers (0xxxxxxxxx,
 * +84/84 forms, 11-digit landlines, grouped with spaces, dots, dashes or
 * brackets) and identity numbers (CCCD, 12 digits; CMND, 9 digits).
 *
 * Numbers are read as runs of digit groups; within a run the longest span of
 * whole groups that reads as a phone or an identity number is masked, so
 * "đợi 2 0912 345 678" masks the phone and keeps the 2. Left alone: years,
 * dates (12/05/2024, 2024-05-12), amounts (50.000đ, 1.500.000 đồng,
 * 150000000 đồng), times, room and counter numbers. It errs on the side of
 * masking: an unknown 9- or 12-digit number is treated as an identity number.
 */

export const MASK = '•••'

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu
/** Digit groups joined by one separator (space, dot, dash, with optional spaces around a dot or dash), brackets allowed. */
const RUN = /\+?\(?\d+\)?(?:(?:[ \u00a0]?[.\-][ \u00a0]?|[ \u00a0])\(?\d+\)?)*/g
const GROUP = /\d+/g
const CURRENCY_AFTER = /^\s?(?:đ|₫|đồng|dong|vnđ|vnd|k\b|nghìn|ngàn|triệu|tr\b)/i

interface Group {
  start: number
  end: number
  digits: string
  /** The separator text between the previous group and this one ('' for the first). */
  before: string
}

function isPii(digits: string, plus: boolean): boolean {
  if (/^0[1-9]\d{8,9}$/.test(digits)) return true // 10-digit mobile, 11-digit landline
  if (/^84[1-9]\d{8,9}$/.test(digits)) return true // +84 / 84 without the trunk 0
  if (plus) return digits.length >= 9
  return /^\d{12}$/.test(digits) || /^\d{9}$/.test(digits) // CCCD, CMND
}

/** 1.500.000 or 50,000: thousands groups of an amount, never a phone (no leading 0). */
function isThousands(groups: Group[]): boolean {
  if (groups.length < 2 || groups[0]!.digits.length > 3 || groups[0]!.digits.startsWith('0')) return false
  const sep = groups[1]!.before.trim()
  return (sep === '.' || sep === ',') && groups.slice(1).every((g) => g.digits.length === 3 && g.before.trim() === sep)
}

function maskRun(text: string, runStart: number, run: string): string {
  const groups: Group[] = []
  let last = 0
  for (const m of run.matchAll(GROUP)) {
    groups.push({ start: m.index!, end: m.index! + m[0].length, digits: m[0], before: groups.length ? run.slice(last, m.index!).replace(/[()]/g, '') : '' })
    last = m.index! + m[0].length
  }
  const plus = run.startsWith('+')
  const afterRun = text.slice(runStart + run.length)
  const spans: [number, number][] = []
  for (let i = 0; i < groups.length; i++) {
    for (let j = groups.length - 1; j >= i; j--) {
      const part = groups.slice(i, j + 1)
      const digits = part.map((g) => g.digits).join('')
      if (isThousands(part)) continue
      // A bare number followed by a currency is an amount (150000000 đồng).
      if (j === groups.length - 1 && part.length === 1 && CURRENCY_AFTER.test(afterRun) && !digits.startsWith('0')) continue
      if (isPii(digits, plus && i === 0)) {
        spans.push([i === 0 ? 0 : groups[i]!.start, groups[j]!.end])
        i = j
        break
      }
    }
  }
  if (!spans.length) return run
  let out = ''
  let at = 0
  for (const [s, e] of spans) {
    // A leading "(" or "+" belongs to the masked number.
    out += run.slice(at, s) + MASK
    at = e < run.length && run[e] === ')' ? e + 1 : e
  }
  return out + run.slice(at)
}

export function maskPii(text: string): string {
  const noEmail = text.replace(EMAIL, MASK)
  return noEmail.replace(RUN, (run, offset: number) => maskRun(noEmail, offset, run))
}
