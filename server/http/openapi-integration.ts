/**
 * The integration part of the OpenAPI document: API clients, one-time
 * tickets, transaction counts, webhooks, and the ticket's citizen pages.
 * Bodies come from the zod schemas the routes validate with; the examples
 * are what /api/docs shows as curl commands.
 */
import { z } from 'zod'
import { clientBody, MAX_BATCH, ticketBatchBody, ticketBody, transactionsBody, webhookBody, webhookPatchBody } from './integration-schemas.ts'

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' })
const body = (s: z.ZodType, example: unknown) => ({ required: true, content: { 'application/json': { schema: schema(s), example } } })
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })
const ok = (description: string, example?: unknown) => (example === undefined ? { description } : { description, content: { 'application/json': { example } } })
const pathId = (name: string, description: string, type = 'integer') => ({ name, in: 'path', required: true, description, schema: { type } })
const q = (name: string, description: string, s: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema: s })

/** Either a client's bearer token or a staff session. */
const integration = { security: [{ bearer: [] }, { session: [] }], tags: ['integration'] }
const admin = { security: [{ session: [] }], tags: ['administration'] }
const denied = { 401: error('unauthorized, invalid_token, token_revoked'), 403: error('forbidden (outside the caller’s subtree), client_forbidden (a route tokens may not call)') }
const adminDenied = { 401: error('unauthorized'), 403: error('forbidden (administrators only)') }

const ticketExample = { unit: 'XA-01', procedure_code: '1.001234', returned_at: '2026-11-20T09:30:00+07:00', reference: 'HS-2026-000123' }
const ticketOut = { code: 'k7m2x9qfa3', url: 'https://hailong.example.gov.vn/t/k7m2x9qfa3', qr_svg: 'https://hailong.example.gov.vn/t/k7m2x9qfa3.svg', qr_png: 'https://hailong.example.gov.vn/t/k7m2x9qfa3.png', unit: 12, service: 3, expires_at: '2026-12-20T02:30:00.000Z' }

export const integrationPaths = {
  '/api/v1/tickets': {
    post: {
      ...integration,
      summary: 'A one-time survey ticket for a returned dossier: its code, survey address and QR codes, to print on the receipt or send by SMS/Zalo. Answered once, within expires_in_days (default 30)',
      requestBody: body(ticketBody, ticketExample),
      responses: { 201: ok('The ticket', ticketOut), ...denied, 404: error('unit_not_found, service_not_found, touchpoint_not_found, survey_not_found'), 422: error('invalid_body, ticket_touchpoint_elsewhere, ticket_survey_unknown') },
    },
  },
  '/api/v1/tickets/batch': {
    post: {
      ...integration,
      summary: `Up to ${MAX_BATCH} tickets at once, all or none: a bad item refuses the batch and the error names its \`index\``,
      requestBody: body(ticketBatchBody, { tickets: [ticketExample, { ...ticketExample, reference: 'HS-2026-000124' }] }),
      responses: { 201: ok('{tickets: [...]} in the order asked', { tickets: [ticketOut] }), ...denied, 404: error('as for one ticket, with index'), 422: error('invalid_body, with index for an item’s problem') },
    },
  },
  '/api/v1/tickets/{code}': {
    get: {
      ...integration,
      summary: 'Whether a ticket was answered: state open, used or expired (never which answer)',
      parameters: [pathId('code', 'Ticket code', 'string')],
      responses: { 200: ok('The ticket with state, returned_at, expires_at, used_at'), ...denied, 404: error('ticket_not_found') },
    },
  },
  '/api/v1/transactions': {
    post: {
      ...integration,
      summary: 'Daily counts of dossiers returned per unit and service (no service: all of the unit’s services). Idempotent: sending a day, unit and service again replaces its count',
      requestBody: body(transactionsBody, { items: [{ day: '2026-11-20', unit: 'XA-01', count: 42 }, { day: '2026-11-20', unit: 'XA-01', service: 3, count: 17 }] }),
      responses: { 200: ok('{stored: n}', { stored: 2 }), ...denied, 404: error('unit_not_found, service_not_found (with index)'), 422: error('invalid_body') },
    },
    get: {
      ...integration,
      summary: 'Dossiers returned in a subtree and period, per unit, with the sample size n = N / (1 + N·0.05²) each needs',
      parameters: [q('unit', 'Unit id', { type: 'integer' }), q('period', 'YYYY-MM | YYYY-Qn | YYYY | YYYY-MM-DD..YYYY-MM-DD'), q('from', 'First day', { type: 'string', format: 'date' }), q('to', 'Last day', { type: 'string', format: 'date' })],
      responses: { 200: ok('{unit, from, to, N, required_n, units: [{unit, N, required_n}]}'), 400: error('invalid_query'), ...denied, 404: error('unit_not_found') },
    },
  },
  '/api/v1/clients': {
    get: { ...admin, summary: 'API clients: name, subtree, created, last used (to the minute), revoked', responses: { 200: ok('{items}'), ...adminDenied } },
    post: {
      ...admin,
      summary: 'Create an API client bound to a subtree; the answer holds its token, shown this once (only its hash is kept). Use it as Authorization: Bearer <token>',
      requestBody: body(clientBody, { name: 'Hệ thống thông tin giải quyết TTHC tỉnh', unit: 1 }),
      responses: { 201: ok('The client with `token`'), ...adminDenied, 404: error('unit_not_found'), 422: error('invalid_body') },
    },
  },
  '/api/v1/clients/{id}/revoke': {
    post: { ...admin, summary: 'Revoke a client: its token is refused (401 token_revoked) from the next request', parameters: [pathId('id', 'Client id')], responses: { 200: ok('The client'), ...adminDenied, 404: error('client_not_found') } },
  },
  '/api/v1/webhooks': {
    get: { ...admin, summary: 'Registered webhooks', responses: { 200: ok('{items, events}'), ...adminDenied } },
    post: {
      ...admin,
      summary:
        'Register an http(s) URL for events: response.created, response.negative (the respondent was dissatisfied), period.approved. Deliveries are POSTs signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature: v1,base64(HMAC-SHA256(key, id.timestamp.body)) with the base64 key after "whsec_" of the secret returned here once), retried with backoff for a day',
      requestBody: body(webhookBody, { url: 'https://motcua.example.gov.vn/hailong/events', events: ['response.negative', 'period.approved'] }),
      responses: { 201: ok('The webhook with `secret`'), ...adminDenied, 422: error('invalid_body (not an http(s) URL, unknown event)') },
    },
  },
  '/api/v1/webhooks/{id}': {
    patch: { ...admin, summary: 'Switch a webhook off or on', parameters: [pathId('id', 'Webhook id')], requestBody: body(webhookPatchBody, { active: false }), responses: { 200: ok('The webhook'), ...adminDenied, 404: error('webhook_not_found') } },
  },
  '/api/v1/webhooks/{id}/deliveries': {
    get: {
      ...admin,
      summary: 'The delivery log: each event’s webhook-id, status (pending, sending, delivered, failed), attempts, last HTTP status or error, next attempt',
      parameters: [pathId('id', 'Webhook id'), q('status', 'Only this status', { type: 'string', enum: ['pending', 'sending', 'delivered', 'failed'] }), q('limit', '1–1000, default 100', { type: 'integer' })],
      responses: { 200: ok('{items}'), 400: error('invalid_query'), ...adminDenied, 404: error('webhook_not_found') },
    },
  },
  '/t/{code}': {
    get: { summary: 'The survey page of a ticket (HTML)', parameters: [pathId('code', 'Ticket code', 'string')], responses: { 200: ok('HTML page'), 404: error('ticket_not_found'), 409: error('ticket_used'), 410: error('ticket_expired') } },
    post: {
      summary: 'Answer a ticket, once: the same form fields as /s/{code}; the response is marked verified. The same id and body again is a replay (200)',
      parameters: [pathId('code', 'Ticket code', 'string')],
      requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: { type: 'string' } } } } },
      responses: { 201: ok('Stored (with Accept: application/json): {id, verified: true}'), 200: ok('Replay'), 303: ok('Stored; to the thank-you page'), 404: error('ticket_not_found'), 409: error('ticket_used, id_conflict'), 410: error('ticket_expired'), 422: error('invalid_answers') },
    },
  },
  '/t/{code}.svg': { get: { summary: 'QR code of a ticket’s survey address (SVG)', parameters: [pathId('code', 'Ticket code', 'string')], responses: { 200: ok('image/svg+xml'), 404: error('ticket_not_found') } } },
  '/t/{code}.png': { get: { summary: 'QR code of a ticket’s survey address (PNG, 512 px)', parameters: [pathId('code', 'Ticket code', 'string')], responses: { 200: ok('image/png'), 404: error('ticket_not_found') } } },
  '/api/docs': { get: { summary: 'This document as a page for people, in Vietnamese or English (?lang=en), with curl examples', responses: { 200: ok('HTML page') } } },
}

/** Query parameters every results view accepts for verified responses. */
export const verifiedParam = q('verified', 'only: count only responses made through a one-time ticket (read from the raw answers: the rollups do not split by it)', { type: 'string', enum: ['only'] })
