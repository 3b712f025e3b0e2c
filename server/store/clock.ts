/** ISO-8601 UTC text, the one time format stored on every dialect. */
export const nowIso = (at: Date = new Date()) => at.toISOString()
