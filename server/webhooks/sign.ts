/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the
 * receiver recomputes HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}"
 * with the secret's key (the base64 after "whsec_") and compares it with
 * webhook-signature "v1,{base64}". The timestamp (Unix seconds) lets it
 * refuse old replays.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

const keyOf = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64')

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

/** The headers of one delivery attempt. */
export function signedHeaders(secret: string, id: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000)
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(secret, id, timestamp, body) }
}

/** A receiver's check: any of the space-separated v1 signatures matches. */
export function verifySignature(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string): boolean {
  const expected = Buffer.from(signature(secret, headers.id, Number(headers.timestamp), body))
  return headers.signature.split(' ').some((s) => {
    const got = Buffer.from(s)
    return got.length === expected.length && timingSafeEqual(got, expected)
  })
}
