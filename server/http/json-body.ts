/**
 * Reads a JSON body and checks it against a zod schema; every failure is a
 * 4xx with a stable code and the bad fields named.
 */
import type { Context } from 'hono'
import type { z } from 'zod'
import { AppError } from '../errors.ts'
import type { AppEnv } from './context.ts'
import { readBody, requireContentType } from './read-body.ts'

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  requireContentType(c, 'application/json')
  let raw: unknown
  try {
    const text = await readBody(c)
    // The reviver costs a call per member; only a body that could name __proto__ (plainly or through \u escapes) needs it.
    raw = text.includes('__proto__') || text.includes('\\u') ? JSON.parse(text, refuseProtoKey) : JSON.parse(text)
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(400, 'invalid_json')
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const t = (c as Context<AppEnv>).get('t')
    const fields = parsed.error.issues.flatMap((i) => {
      const at = i.path.map(String)
      // An unknown member is named itself, not its parent object.
      const names = i.code === 'unrecognized_keys' ? i.keys.map((k) => [...at, k].join('.')) : [at.join('.') || '(body)']
      return names.map((field) => ({ field, code: i.code === 'unrecognized_keys' ? 'unknown_field' : i.code, message: t('error.invalid_body', { detail: field }) }))
    })
    throw new AppError(422, 'invalid_body', { detail: fields.map((f) => f.field).join(', ') }, { fields })
  }
  return parsed.data
}

/**
 * JSON.parse makes "__proto__" an own member, but copying it into a new
 * object (as zod's record does) sets the prototype instead and the member
 * vanishes: an unknown answer item would then be accepted rather than
 * refused. No body of ours has such a member, so it is refused outright.
 */
function refuseProtoKey(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new AppError(422, 'invalid_body', { detail: '__proto__' })
  return value
}
