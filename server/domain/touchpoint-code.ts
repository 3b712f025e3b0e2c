/**
 * Touchpoint codes: short enough to type from a poster, long enough not to be
 * guessed. 8 characters from a 29-letter alphabet without look-alikes
 * (no 0/o, 1/l/i, u/v) give 29^8 ≈ 5·10^11 codes.
 */
export const CODE_ALPHABET = '23456789abcdefghjkmnpqrstwxyz'

export function makeTouchpointCode(random: (n: number) => Uint8Array, length = 8): string {
  const out: string[] = []
  // Rejection sampling keeps every letter equally likely.
  const limit = 256 - (256 % CODE_ALPHABET.length)
  while (out.length < length) {
    for (const b of random(length * 2)) {
      if (b < limit && out.length < length) out.push(CODE_ALPHABET[b % CODE_ALPHABET.length]!)
    }
  }
  return out.join('')
}

/** Codes are typed by hand: accept any case and stray spaces. */
export function normaliseTouchpointCode(raw: string): string | null {
  const code = raw.trim().toLowerCase()
  return /^[a-z0-9]{4,32}$/.test(code) ? code : null
}
