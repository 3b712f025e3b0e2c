/**
 * The management pages' forms: read an urlencoded form into the same zod
 * schema the JSON API uses, run the same action, and redirect back (303) with
 * a message the next page shows. A refusal of access stays a 401/403 page.
 */
import type { Context, Handler } from 'hono'
import type { z } from 'zod'
import { AppError } from '../errors.ts'
import { CATALOGUES, DEFAULT_LANG, type MessageKey } from '../../web/i18n/messages.ts'
import type { Flash } from '../../web/pages/admin/admin-frame.tsx'
import type { AppEnv } from './context.ts'
import { readBody, requireContentType } from './read-body.ts'

type C = Context<AppEnv>

export async function readForm(c: C): Promise<URLSearchParams> {
  requireContentType(c, 'application/x-www-form-urlencoded')
  return new URLSearchParams(await readBody(c))
}

/** A text field, trimmed; an empty one is null (an optional select left blank). */
export const text = (f: URLSearchParams, name: string) => {
  const v = f.get(name)?.trim()
  return v ? v : null
}

/** A numeric field (ids), or the raw text so that validation names the field. */
export const num = (f: URLSearchParams, name: string) => {
  const v = text(f, name)
  return v !== null && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v
}

/** Checks a form against a body schema: 422 `invalid_body` naming the fields, as the JSON API does. */
export function parseForm<S extends z.ZodType>(schema: S, data: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(data)
  if (parsed.success) return parsed.data
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(body)'))]
  throw new AppError(422, 'invalid_body', { detail: fields.join(', ') })
}

const withQuery = (path: string, params: Record<string, string>) => `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(params)}`

/**
 * A form handler: `run` does the change and says where to go and which
 * message (admin.flash.*) to show; an AppError other than a refusal of access
 * goes back to `from` with its code.
 */
export function formAction(from: (c: C) => string, run: (c: C) => Promise<{ to?: string; ok: string }>): Handler<AppEnv> {
  return async (c) => {
    try {
      const out = await run(c)
      return c.redirect(withQuery(out.to ?? from(c), { ok: out.ok }), 303)
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 401 || err.status === 403 || err.status === 413 || err.status === 415) throw err
      const params: Record<string, string> = { err: err.code }
      for (const [k, v] of Object.entries(err.params)) params[k] = String(v)
      return c.redirect(withQuery(from(c), params), 303)
    }
  }
}

/** The message a redirect carries, read back from the query; unknown codes show nothing. */
export function flashOf(c: C): Flash {
  const t = c.get('t')
  const vi = CATALOGUES[DEFAULT_LANG]!
  const ok = c.req.query('ok')
  const err = c.req.query('err')
  const okKey = `admin.flash.${ok}` as MessageKey
  const errKey = `error.${err}` as MessageKey
  const params: Record<string, string> = {}
  for (const k of ['detail', 'count', 'limit', 'expected']) {
    const v = c.req.query(k)
    if (v !== undefined) params[k] = v.slice(0, 200)
  }
  return { ok: ok && okKey in vi ? t(okKey, params) : undefined, err: err && errKey in vi ? t(errKey, params) : undefined }
}
