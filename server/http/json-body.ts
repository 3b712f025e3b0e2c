/**
 * Reads a JSON body and checks it against a zod schema; every failure is a
 * 4xx with a stable code and the bad fields named.
 */
import type { Context } from 'hono'
import type { z } from 'zod'
import { AppError } from '../errors.ts'
import { readBody, requireContentType } from './read-body.ts'

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  requireContentType(c, 'application/json')
  let raw: unknown
  try {
    raw = JSON.parse(await readBody(c))
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(400, 'invalid_json')
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', code: i.code, message: i.message }))
    throw new AppError(422, 'invalid_body', { detail: fields.map((f) => f.field).join(', ') }, { fields })
  }
  return parsed.data
}
