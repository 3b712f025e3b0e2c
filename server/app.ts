/**
 * Builds the Hono application from its parts. No I/O happens here: the
 * caller opens the database and loads the surveys, and passes them in.
 */
import type { ServerResponse } from 'node:http'
import { Hono, type Context } from 'hono'
import { compress } from 'hono/compress'
import { citizenCssHash } from '../web/assets.ts'
import { pickLanguage, translator } from '../web/i18n/messages.ts'
import { POSTER_CSS } from '../web/pages/poster-page.tsx'
import { BATCH_POSTER_CSS } from '../web/pages/admin/posters-page.tsx'
import { createHash } from 'node:crypto'
import { AppError } from './errors.ts'
import { adminRoutes } from './http/admin-routes.ts'
import { loadUser } from './http/auth.ts'
import { clientAuth } from './http/client-auth.ts'
import { auditRoutes } from './http/audit-routes.ts'
import { clientInfoMiddleware } from './http/client-address.ts'
import { csrfGuard } from './http/csrf.ts'
import { kioskRoutes } from './http/kiosk-routes.ts'
import { authRoutes } from './http/auth-routes.ts'
import { accountRoutes } from './http/account-routes.ts'
import { usersRoutes } from './http/users-routes.ts'
import type { AppDeps, AppEnv } from './http/context.ts'
import { errorResponse, onError } from './http/on-error.ts'
import { openApiRoutes } from './http/openapi.ts'
import { flagsRoutes } from './http/flags-routes.ts'
import { exportsRoutes } from './http/exports-routes.ts'
import { periodsRoutes } from './http/periods-routes.ts'
import { publicResultsRoutes } from './http/public-results-routes.ts'
import { reportRoutes } from './http/report-routes.ts'
import { provinceRoutes } from './http/province-routes.ts'
import { commentsRoutes } from './http/comments-routes.ts'
import { publicRoutes } from './http/public-routes.ts'
import { qrRoutes } from './http/qr-routes.ts'
import { responseRoutes } from './http/response-routes.ts'
import { resultsRoutes } from './http/results-routes.ts'
import { surveyRoutes } from './http/survey-routes.ts'
import { integrationRoutes } from './http/integration-routes.ts'

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  let headers: [string, string][] | undefined
  const securityHeaders = () =>
    (headers ??= [
      [
        'content-security-policy',
        `default-src 'self'; script-src 'self'; style-src 'self' ${citizenCssHash()} 'sha256-${createHash('sha256').update(POSTER_CSS).digest('base64')}' 'sha256-${createHash('sha256').update(BATCH_POSTER_CSS).digest('base64')}'; img-src 'self' data:; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
      ],
      ['x-content-type-options', 'nosniff'],
      ['referrer-policy', 'no-referrer'],
      ['x-frame-options', 'DENY'],
    ])

  app.use('*', async (c, next) => {
    // API callers may ask in English through Accept-Language; pages stay Vietnamese unless ?lang= says otherwise.
    const api = c.req.path.startsWith('/api/')
    const lang = pickLanguage(c.req.query('lang'), api ? c.req.header('accept-language') : undefined)
    c.set('lang', lang)
    c.set('t', translator(lang))
    setSecurityHeaders(c, securityHeaders())
    await next()
  })
  // Only GET answers are worth compressing (pages, results, exports); a POST
  // answers with a redirect or a few bytes of JSON.
  const compressGets = compress({ threshold: 1024 })
  app.use('*', (c, next) => (c.req.method === 'GET' ? compressGets(c, next) : next()))
  app.use('*', clientInfoMiddleware(deps.config.trustProxy))
  app.use('*', loadUser(deps))
  app.use('*', clientAuth(deps))
  app.use('*', csrfGuard(() => deps.config.publicUrl))

  app.route('/', publicRoutes(deps))
  app.route('/', surveyRoutes(deps))
  app.route('/', responseRoutes(deps))
  app.route('/', qrRoutes(deps))
  app.route('/', authRoutes(deps))
  app.route('/', accountRoutes(deps))
  app.route('/', usersRoutes(deps))
  app.route('/', resultsRoutes(deps))
  app.route('/', provinceRoutes(deps))
  app.route('/', commentsRoutes(deps))
  app.route('/', adminRoutes(deps))
  app.route('/', auditRoutes(deps))
  app.route('/', kioskRoutes(deps))
  app.route('/', flagsRoutes(deps))
  app.route('/', exportsRoutes(deps))
  app.route('/', periodsRoutes(deps))
  app.route('/', publicResultsRoutes(deps))
  app.route('/', reportRoutes(deps))
  app.route('/', openApiRoutes(deps))
  app.route('/', integrationRoutes(deps))
  app.get('/', (c) => c.redirect('/dashboard', 302))

  app.notFound((c) => errorResponse(c, new AppError(404, 'not_found')))
  app.onError(onError)
  return app
}

/**
 * Headers every answer carries. Under @hono/node-server they go straight onto
 * Node's response, which merges them into the head it writes: through
 * c.header they would make Hono build a Headers object for every answer and
 * node-server copy it out again, about 16 µs of a submission's 125 on the
 * request thread. Touching c.res.headers after the handler would cost more
 * still (it turns node-server's light response into a streamed one). A
 * route's own value for one of them still wins: the head's headers override
 * these. Without Node's response (app.request in a test) they go through Hono.
 */
function setSecurityHeaders(c: Context, headers: readonly [string, string][]): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
  if (outgoing && typeof outgoing.setHeader === 'function') for (const [k, v] of headers) outgoing.setHeader(k, v)
  else for (const [k, v] of headers) c.header(k, v)
}
