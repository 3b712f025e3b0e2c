/**
 * The one place errors become responses. API paths and requests that accept
 * JSON get `{"error": {"code", "message", …}}`; browsers get a page. Anything
 * that is not an AppError is logged and answered 500 without internals.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError } from '../errors.ts'
import { translator, type MessageKey } from '../../web/i18n/messages.ts'
import { ErrorPage } from '../../web/pages/error-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppEnv } from './context.ts'

export function wantsJson(c: Context): boolean {
  return c.req.path.startsWith('/api/') || (c.req.header('accept') ?? '').includes('application/json')
}

export function errorResponse(c: Context<AppEnv>, err: AppError): Response {
  const lang = c.get('lang') ?? 'vi'
  const t = c.get('t') ?? translator(lang)
  const message = t(`error.${err.code}` as MessageKey, err.params)
  if (wantsJson(c)) return c.json({ error: { code: err.code, message, ...err.details } }, err.status)
  return c.html(renderPage(ErrorPage({ t, lang, status: err.status, message })), err.status)
}

export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof AppError) return errorResponse(c, err)
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 413 ? 'payload_too_large' : err.status === 404 ? 'not_found' : 'invalid_body'
    return errorResponse(c, new AppError(err.status, code, { limit: 16384, detail: err.message }))
  }
  console.error(`[hailong] ${c.req.method} ${c.req.path}:`, err)
  return errorResponse(c, new AppError(500, 'internal'))
}
