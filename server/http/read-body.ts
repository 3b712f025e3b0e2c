/**
 * Reads a request body within a byte limit, as strict UTF-8. Checked on the
 * routes that take a body only: a body limit on every route costs a large
 * share of throughput (tech-notes §1.2).
 */
import type { Context } from 'hono'
import { AppError } from '../errors.ts'

export const BODY_LIMIT = 16 * 1024

const decoder = new TextDecoder('utf-8', { fatal: true })

export function requireContentType(c: Context, expected: string): void {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== expected) throw new AppError(415, 'unsupported_media_type', { expected })
}

export async function readBody(c: Context, limit = BODY_LIMIT): Promise<string> {
  const declared = c.req.header('content-length')
  if (declared !== undefined && Number(declared) > limit) throw new AppError(413, 'payload_too_large', { limit })
  const body = c.req.raw.body
  if (!body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw new AppError(413, 'payload_too_large', { limit })
    }
    chunks.push(value)
  }
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
  try {
    return decoder.decode(bytes)
  } catch {
    throw new AppError(400, 'invalid_body', { detail: 'UTF-8' })
  }
}
