/**
 * GET /api/v1/openapi.json: the whole API, with request bodies generated from
 * the same zod schemas the routes validate with.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppDeps, AppEnv } from './context.ts'
import { adminPaths } from './openapi-admin.ts'
import { flagsPaths } from './openapi-flags.ts'
import { deviceHeader, kioskPaths } from './openapi-kiosk.ts'
import { auditPaths } from './openapi-audit.ts'
import { exportPaths } from './openapi-exports.ts'
import { publicPaths } from './openapi-public.ts'
import { integrationPaths, verifiedParam } from './openapi-integration.ts'
import { loginBody, responseBody, serviceBody, touchpointBody, unitBody } from './schemas.ts'

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' })
const json = (s: object) => ({ content: { 'application/json': { schema: s } } })
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const error = (description: string) => ({ description, ...json(ref('Error')) })
const q = (name: string, description: string, required = false, s: object = { type: 'string' }) => ({ name, in: 'query', required, description, schema: s })
/** A subtree and a period, as the province table and the comments take them. */
const scopeParams = [
  q('unit', 'Unit id (default: the first unit the user reads)', false, { type: 'integer' }),
  q('period', 'YYYY-MM | YYYY-Qn | YYYY | YYYY-MM-DD..YYYY-MM-DD (else from/to)'),
  q('from', 'First day, YYYY-MM-DD', false, { type: 'string', format: 'date' }),
  q('to', 'Last day, YYYY-MM-DD', false, { type: 'string', format: 'date' }),
]
const p = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } })

const figure = {
  type: 'object',
  properties: {
    n: { type: 'integer', description: 'Respondents behind the figure' },
    index: { type: ['number', 'null'], description: 'Satisfaction index, a fraction 0–1' },
    ci: { type: ['array', 'null'], items: { type: 'number' }, description: '95% confidence interval [low, high]' },
    target: { type: ['number', 'null'] },
    verdict: { type: ['string', 'null'], enum: ['met', 'not_met', 'undecided', 'too_few', null] },
    more_needed: { type: ['integer', 'null'], description: 'For undecided: further responses that would likely decide it' },
    suppressed: { type: 'boolean', description: 'n is under the suppression threshold (HAILONG_SUPPRESS_BELOW, default 10): show "too few responses", never a percentage. Non-administrators get index, ci and more_needed as null and verdict too_few' },
  },
}

export function buildOpenApi(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'hailong API', version: '1', description: 'Đo lường sự hài lòng của người dân — citizen satisfaction with public services. Errors: {"error": {"code", "message", "fields"?}}; messages follow ?lang= or Accept-Language (vi by default).' },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hl_session' }, bearer: { type: 'http', scheme: 'bearer', description: 'An API client’s token (hlc_…), made by an administrator: integration routes only, on its subtree' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } } } } },
        },
        ResponseBody: schema(responseBody),
        Figure: figure,
        Results: {
          allOf: [
            ref('Figure'),
            {
              type: 'object',
              properties: {
                unit: { type: 'object' },
                survey: { type: ['object', 'null'] },
                from: { type: 'string', format: 'date' },
                to: { type: 'string', format: 'date' },
                target_source: { type: ['string', 'null'] },
                metrics: { type: 'array', items: { type: 'object' } },
                by: { type: ['string', 'null'] },
                groups: {
                  type: 'array',
                  description: 'section and item groups: lowest index first, suppressed last',
                  items: {
                    allOf: [
                      ref('Figure'),
                      {
                        type: 'object',
                        properties: {
                          key: { type: 'string', description: 'by=week: ISO week "2026-W07"; by=hour: weekday (1 = Monday) and local hour (UTC+7), "1-09"' },
                          label: { type: 'string' },
                          mean: { type: ['number', 'null'], description: 'section and item groups: mean answer value' },
                          dist: {
                            type: 'object',
                            description: 'item groups: the distribution of answers',
                            properties: {
                              options: { type: 'array', items: { type: 'object', properties: { value: { type: 'integer' }, label: { type: 'string' } } } },
                              counts: { type: ['object', 'null'], additionalProperties: { type: 'integer' }, description: 'answers per option value; null when suppressed for this caller' },
                              satisfied: { type: 'array', items: { type: 'integer' } },
                              excluded: { type: 'array', items: { type: 'integer' }, description: 'values left out of the index' },
                            },
                          },
                        },
                      },
                    ],
                  },
                },
                previous: {
                  type: 'object',
                  description: 'with compare=previous: the previous month, quarter, year, or as many days before a custom range',
                  properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, n: { type: 'integer' }, index: { type: ['number', 'null'] }, ci: { type: ['array', 'null'], items: { type: 'number' } }, suppressed: { type: 'boolean' } },
                },
                change: { type: ['number', 'null'], description: 'with compare=previous: index minus the previous index, when both are shown' },
                include: { type: 'string', enum: ['included', 'all'], description: 'which responses the figures count' },
                excluded: { type: 'integer', description: 'responses of the scope that anti-abuse rules flagged and the published figures leave out' },
                verified: { type: 'object', description: 'responses made through a one-time ticket (verified), beside all: n and share of the counted responses', properties: { only: { type: 'boolean' }, n: { type: 'integer' }, share: { type: ['number', 'null'] } } },
                transactions: { type: 'object', description: 'when dossier counts were sent for the scope and period: N, response_rate = n/N, required_n = ceil(N / (1 + N·0.05²)), reaches_required', properties: { N: { type: 'integer' }, response_rate: { type: ['number', 'null'] }, required_n: { type: 'integer' }, reaches_required: { type: 'boolean' } } },
              },
            },
          ],
        },
      },
    },
    paths: {
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'OK' } } } },
      '/s/{code}': {
        get: { summary: 'The survey page of a touchpoint (HTML)', parameters: [p('code', 'Touchpoint code'), q('lang', 'vi or en')], responses: { 200: { description: 'HTML page' }, 404: error('touchpoint_not_found') } },
        post: {
          summary: 'Plain HTML form submission: fields named by item code, `comment`, hidden `id`',
          parameters: [p('code', 'Touchpoint code')],
          requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: { type: 'string' } } } } },
          responses: { 201: { description: 'Stored (with Accept: application/json)' }, 200: { description: 'Replay, counted once (JSON)' }, 303: { description: 'Stored; redirect to the thank-you page' }, 409: error('id_conflict'), 413: error('payload_too_large'), 415: error('unsupported_media_type'), 422: error('invalid_answers (HTML page with errors, or JSON)') },
        },
      },
      '/qr/{code}.svg': { get: { summary: 'QR code of the survey address (SVG)', parameters: [p('code', 'Touchpoint code')], responses: { 200: { description: 'image/svg+xml' }, 404: error('touchpoint_not_found') } } },
      '/qr/{code}.png': { get: { summary: 'QR code of the survey address (PNG, 1024 px)', parameters: [p('code', 'Touchpoint code')], responses: { 200: { description: 'image/png' }, 404: error('touchpoint_not_found') } } },
      '/poster/{code}': { get: { summary: 'Printable A5 poster (HTML)', parameters: [p('code', 'Touchpoint code')], responses: { 200: { description: 'HTML page' }, 404: error('touchpoint_not_found') } } },
      '/api/v1/responses': {
        post: {
          summary: 'Submit one response',
          parameters: [deviceHeader],
          requestBody: { required: true, ...json(ref('ResponseBody')) },
          responses: {
            201: { description: 'Stored', ...json({ type: 'object', properties: { id: { type: 'string' } } }) },
            200: { description: 'The same id and body again: counted once', ...json({ type: 'object', properties: { id: { type: 'string' } } }) },
            400: error('invalid_json'),
            404: error('touchpoint_not_found'),
            409: error('id_conflict: the same id with another body'),
            413: error('payload_too_large (over 16 KiB)'),
            415: error('unsupported_media_type'),
            422: error('invalid_body or invalid_answers, naming each field'),
            410: error('touchpoint_retired: the touchpoint was retired more than 30 days ago'),
            429: error('rate_limited: too many from this client or to this touchpoint; Retry-After says when to try again'),
          },
        },
      },
      '/api/v1/surveys': { get: { summary: 'Survey definitions offered', responses: { 200: { description: 'List' } } } },
      '/api/v1/surveys/{id}': { get: { summary: 'One survey definition', parameters: [p('id', 'Survey id')], responses: { 200: { description: 'The resolved definition' }, 404: error('survey_not_found') } } },
      '/api/v1/results': {
        get: {
          summary: 'Results of a unit or subtree for a period',
          security: [{ session: [] }],
          parameters: [
            q('unit', 'Unit id (its subtree is pooled)', true, { type: 'integer' }),
            q('from', 'First day, YYYY-MM-DD (default: 1 January of `to`)', false, { type: 'string', format: 'date' }),
            q('to', 'Last day, YYYY-MM-DD (default: today)', false, { type: 'string', format: 'date' }),
            q('period', 'Instead of from/to: 2026-05 (month), 2026-Q2, 2026, or 2026-03-01..2026-04-15', false, { type: 'string' }),
            q('by', 'Breakdown (week: ISO weeks; hour: hour of day by weekday, local time)', false, { type: 'string', enum: ['service', 'section', 'item', 'touchpoint', 'month', 'week', 'hour'] }),
            q('compare', 'previous: add `previous` and `change`', false, { type: 'string', enum: ['previous'] }),
            q('include', 'included (default): the published figures, flagged responses left out; all: flagged responses counted too (read from the raw answers)', false, { type: 'string', enum: ['included', 'all'] }),
            q('survey', 'Instrument; required when the subtree used several'),
            verifiedParam,
          ],
          responses: { 200: { description: 'Figures', ...json(ref('Results')) }, 400: error('invalid_query, or survey_required with `surveys`'), 401: error('unauthorized'), 403: error('forbidden'), 404: error('unit_not_found, survey_not_found') },
        },
      },
      '/api/v1/results/units': {
        get: {
          summary: 'Every unit of a subtree against its target: one row per unit and instrument, each the unit’s subtree pooled, and the distribution of directly serving units against the 80/90/95% lines',
          security: [{ session: [] }],
          parameters: [
            ...scopeParams,
            q('survey', 'Only this instrument'),
            q('sector', 'Unit sector (the instrument’s when the unit has none)', false, { type: 'string', enum: ['administrative', 'health', 'education'] }),
            q('type', 'Unit type'),
            q('verdict', 'Only rows with this verdict', false, { type: 'string', enum: ['met', 'not_met', 'undecided', 'too_few', 'none'] }),
            q('sort', 'Column (default: tree order)', false, { type: 'string', enum: ['unit', 'name', 'type', 'sector', 'survey', 'n', 'verified_n', 'index', 'target', 'verdict'] }),
            q('dir', 'Direction', false, { type: 'string', enum: ['asc', 'desc'] }),
            verifiedParam,
          ],
          responses: {
            200: { description: 'verified {only}, rows (Figure + unit_id, code, name, parent_id, depth, type, sector, survey, suppressed, direct, verified_n: the counted responses of the unit’s subtree made through a one-time ticket, beside n; suppressed figures blanked except for administrators) and distribution {ge95, from90, from80, below80, too_few}' },
            400: error('invalid_query'),
            401: error('unauthorized'),
            403: error('forbidden, no_role'),
            404: error('unit_not_found, survey_not_found'),
          },
        },
      },
      '/api/v1/comments': {
        get: {
          summary: 'Comments and free-text answers of a subtree, newest day first, with personal numbers and e-mail addresses masked; the current day is held back until it is over',
          security: [{ session: [] }],
          parameters: [
            ...scopeParams,
            q('survey', 'Only this instrument'),
            q('service', 'Service id', false, { type: 'integer' }),
            q('touchpoint', 'Touchpoint id', false, { type: 'integer' }),
            q('rating', 'The respondent’s rating', false, { type: 'string', enum: ['negative', 'positive'] }),
            q('before', 'Cursor: `next` of the previous page'),
            q('limit', 'Items per page, 1–200 (default 50)', false, { type: 'integer' }),
          ],
          responses: {
            200: { description: 'items [{day, unit, service, touchpoint, survey, rating, negative, texts [{item, label, text}]}], next, shown_until' },
            400: error('invalid_query'),
            401: error('unauthorized'),
            403: error('forbidden, no_role'),
            404: error('unit_not_found, survey_not_found'),
          },
        },
      },
      '/api/v1/auth/login': { post: { summary: 'Log in; sets the session cookie', requestBody: { required: true, ...json(schema(loginBody)) }, responses: { 200: { description: 'Logged in' }, 401: error('bad_credentials'), 429: error('login_locked: too many failures for this username or from this client; Retry-After says when to try again') } } },
      '/api/v1/auth/logout': { post: { summary: 'Log out', responses: { 204: { description: 'Logged out' } } } },
      '/api/v1/units': {
        get: { summary: 'All units, depth first', security: [{ session: [] }], responses: { 200: { description: 'List' }, 401: error('unauthorized') } },
        post: { summary: 'Create a unit', security: [{ session: [] }], requestBody: { required: true, ...json(schema(unitBody)) }, responses: { 201: { description: 'Created' }, 404: error('unit_not_found (parent)'), 409: error('code_taken'), 422: error('invalid_body') } },
      },
      '/api/v1/services': {
        get: { summary: 'All services', security: [{ session: [] }], responses: { 200: { description: 'List' } } },
        post: { summary: 'Create a service', security: [{ session: [] }], requestBody: { required: true, ...json(schema(serviceBody)) }, responses: { 201: { description: 'Created' }, 422: error('invalid_body') } },
      },
      '/api/v1/touchpoints': {
        get: { summary: 'Touchpoints of a subtree', security: [{ session: [] }], parameters: [q('unit', 'Unit id', false, { type: 'integer' })], responses: { 200: { description: 'List' } } },
        post: { summary: 'Create a touchpoint; the record carries its code and the URLs of its survey, QR codes and poster', security: [{ session: [] }], requestBody: { required: true, ...json(schema(touchpointBody)) }, responses: { 201: { description: 'Created' }, 404: error('unit_not_found, survey_not_found, service_not_found'), 422: error('invalid_body') } },
      },
      ...adminPaths,
      ...flagsPaths,
      ...kioskPaths,
      ...auditPaths,
      ...exportPaths,
      ...publicPaths,
      ...integrationPaths,
    },
  }
}

export function openApiRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  let doc: string | undefined
  app.get('/api/v1/openapi.json', (c) => c.body((doc ??= JSON.stringify(buildOpenApi(deps.config.publicUrl))), 200, { 'content-type': 'application/json; charset=utf-8' }))
  return app
}
