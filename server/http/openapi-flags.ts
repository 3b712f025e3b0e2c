/**
 * The abuse and privacy part of the OpenAPI document: flagged responses,
 * their review, and the retention setting.
 */
import { z } from 'zod'
import { reviewBody, settingsBody } from './flags-routes.ts'

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' })
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } })
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })
const query = (name: string, description: string, s: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema: s })
const admin = { security: [{ session: [] }], tags: ['abuse and privacy'] }
const denied = { 401: error('unauthorized'), 403: error('forbidden (administrators only)') }

export const flagsPaths = {
  '/api/v1/flags': {
    get: {
      ...admin,
      summary: 'Responses the anti-abuse rules flagged (kept, left out of the figures) in a unit’s subtree and period, newest first, at most 500',
      parameters: [
        query('unit', 'Unit id (default: the first unit the caller reads)', { type: 'integer' }),
        query('period', '2026-05, 2026-Q2, 2026 or 2026-03-01..2026-04-15 (or from/to)'),
        query('from', 'First day, YYYY-MM-DD', { type: 'string', format: 'date' }),
        query('to', 'Last day, YYYY-MM-DD', { type: 'string', format: 'date' }),
        query('state', 'pending (not reviewed), reviewed, or all (default)', { type: 'string', enum: ['pending', 'reviewed', 'all'] }),
      ],
      responses: {
        200: { description: '{unit, from, to, state, items: [{id, day, received_at, unit, touchpoint, survey_id, flags: [burst|duplicate_set|off_hours|honeypot], status: ok|flagged, client (first characters of the day’s keyed hash), answers, comment (masked), reviewed_by, reviewed_at}]}' },
        400: error('invalid_query'),
        ...denied,
      },
    },
  },
  '/api/v1/flags/{id}/review': {
    post: {
      ...admin,
      summary: 'Review a flagged response: genuine counts it in the figures again, excluded leaves it out; the rollups follow in the same transaction',
      parameters: [{ name: 'id', in: 'path', required: true, description: 'Response id (from GET /api/v1/flags)', schema: { type: 'integer' } }],
      requestBody: body(reviewBody),
      responses: { 200: { description: '{id, status: ok|flagged}' }, ...denied, 404: error('flag_not_found'), 422: error('invalid_body') },
    },
  },
  '/api/v1/settings': {
    get: { ...admin, summary: 'Settings administrators change at run time', responses: { 200: { description: '{retention_months}' }, ...denied } },
    patch: { ...admin, summary: 'Change the retention period of raw answers (months, at least 3)', requestBody: body(settingsBody), responses: { 200: { description: '{retention_months}' }, ...denied, 422: error('invalid_body') } },
  },
}
