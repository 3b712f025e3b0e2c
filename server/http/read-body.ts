/**
 * Reads a request body within a byte limit, as strict UTF-8. Checked on the
 * routes that take a body only: a body limit on every route costs a large
 * share of throughput (tech-notes §1.2).
 */
import { Readable } from 'node:stream'
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
  const bytes = c.env?.incoming instanceof Readable ? await readNodeStream(c.env.incoming, limit) : await readWebStream(c, limit)
  try {
    return decoder.decode(bytes)
  } catch {
    throw new AppError(400, 'invalid_body', { detail: 'UTF-8' })
  }
}

/**
 * Under @hono/node-server the request is a Node stream: reading it directly
 * spares building a web Request and its streams, a large share of the
 * survey submission's cost.
 */
function readNodeStream(incoming: Readable, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (err: unknown, bytes?: Uint8Array) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError)
      if (err) {
        // Drain what is left without keeping it, so the connection stays usable for the answer.
        incoming.resume()
        reject(err)
      } else resolve(bytes!)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > limit) done(new AppError(413, 'payload_too_large', { limit }))
      else chunks.push(chunk)
    }
    const onEnd = () => done(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    const onError = () => done(new AppError(400, 'invalid_body', { detail: 'the request body was cut off' }))
    incoming.on('data', onData).on('end', onEnd).on('error', onError)
  })
}

async function readWebStream(c: Context, limit: number): Promise<Uint8Array> {
  const body = c.req.raw.body
  if (!body) return new Uint8Array()
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
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
}
