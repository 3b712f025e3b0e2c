/**
 * The one error type above the domain: an HTTP status, a stable code that
 * clients may rely on, and the parameters of its message. The code doubles as
 * the catalogue key `error.<code>`, so every error reads in Vietnamese and
 * English. One handler (http/on-error.ts) turns it into a response.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export interface FieldProblem {
  field: string
  code: string
  message: string
}

export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    /** Extra members of the error object, e.g. the bad fields or the surveys to choose from. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(code)
  }
}
