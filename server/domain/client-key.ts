/**
 * What identifies a client for rate limits and the burst rule: its address
 * and its browser together (citizens behind one office's address have
 * different phones). Only a keyed hash of this text is ever kept, under a
 * key that lives one day (store/client-keys.ts); the text itself never is.
 */
export function clientFingerprint(address: string, userAgent: string | undefined): string {
  // A browser's string is short; a longer one is noise that must not cost memory.
  return `${address}\u0000${(userAgent ?? '').slice(0, 512)}`
}
