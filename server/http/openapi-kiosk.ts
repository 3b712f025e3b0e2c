/**
 * The counter-tablet part of the OpenAPI document: a tablet asks for a
 * pairing code and watches it; the touchpoint's managers pair, list and
 * revoke tablets. The kiosk page and its web-app files are listed too.
 */
import { z } from 'zod'
import { pairBody } from './kiosk-routes.ts'

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' })
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })
const id = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'integer' } })
const text = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } })
const session = [{ session: [] }]
const tags = ['kiosk']
const managers = { 401: error('unauthorized'), 403: error("forbidden (the touchpoint's managers and administrators only)") }

/** The header a paired tablet sends with its token. */
export const deviceHeader = { name: 'X-Hailong-Device', in: 'header', required: false, description: 'A paired kiosk tablet’s token (from POST /api/v1/kiosk/pairings)', schema: { type: 'string' } }

const device = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string', description: 'The pairing code the tablet showed; names the tablet' },
    status: { type: 'string', enum: ['waiting', 'paired', 'revoked', 'expired'] },
    paired_at: { type: ['string', 'null'], format: 'date-time' },
    last_seen_at: { type: ['string', 'null'], format: 'date-time', description: 'Last answer sent (to the minute)' },
  },
}

export const kioskPaths = {
  '/k/{code}': { get: { tags, summary: 'The kiosk page of a touchpoint set to kiosk (HTML): one rated question with large faces, optional rest, offline queue', parameters: [text('code', 'Touchpoint code'), { name: 'lang', in: 'query', required: false, schema: { type: 'string' } }], responses: { 200: { description: 'HTML page' }, 404: error('touchpoint_not_found, not_kiosk') } } },
  '/k/{code}/manifest.webmanifest': { get: { tags, summary: 'Web app manifest of the kiosk (installs full screen)', parameters: [text('code', 'Touchpoint code')], responses: { 200: { description: 'application/manifest+json' }, 404: error('not_kiosk') } } },
  '/k/sw.js': { get: { tags, summary: 'The kiosk service worker (scope /k/): opens the kiosk page without a connection', responses: { 200: { description: 'JavaScript' } } } },
  '/api/v1/kiosk/pairings': {
    post: {
      tags,
      summary: 'A tablet asks to be paired: a short code to show staff (valid 15 minutes) and the token it keeps and sends as X-Hailong-Device once paired; only the token’s hash is stored',
      responses: {
        201: { description: 'Pairing', content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string' }, token: { type: 'string' }, expires: { type: 'string', format: 'date-time' } } } } } },
        429: error('pairing_limited: this client asked too often (3 a minute, 12 an hour); Retry-After says when to ask again'),
        503: error('pairing_busy: 500 codes are already waiting to be entered; Retry-After says when to ask again'),
      },
    },
  },
  '/api/v1/kiosk/pairings/{code}': {
    get: {
      tags,
      summary: 'The tablet watches its pairing (needs its own token in X-Hailong-Device)',
      parameters: [text('code', 'Pairing code'), { ...deviceHeader, required: true }],
      responses: { 200: { description: '{code, status: waiting|paired|revoked|expired, expires, touchpoint: code or null}' }, 404: error('pairing_not_found (unknown code, or not this token’s)') },
    },
  },
  '/api/v1/touchpoints/{id}/pair': {
    post: {
      tags,
      security: session,
      summary: 'Pair the tablet showing this code with a kiosk touchpoint',
      parameters: [id('id', 'Touchpoint id')],
      requestBody: { required: true, content: { 'application/json': { schema: schema(pairBody) } } },
      responses: { 201: { description: 'The tablet', content: { 'application/json': { schema: device } } }, ...managers, 404: error('touchpoint_not_found, pairing_not_found (unknown or expired)'), 409: error('not_kiosk, pairing_used') },
    },
  },
  '/api/v1/touchpoints/{id}/devices': {
    get: { tags, security: session, summary: 'Tablets ever paired to a touchpoint, newest first', parameters: [id('id', 'Touchpoint id')], responses: { 200: { description: '{devices: [...]}' }, ...managers, 404: error('touchpoint_not_found') } },
  },
  '/api/v1/touchpoints/{id}/devices/{device}': {
    delete: { tags, security: session, summary: 'Revoke a tablet’s pairing: its token stops counting as a kiosk', parameters: [id('id', 'Touchpoint id'), id('device', 'Device id')], responses: { 204: { description: 'Revoked' }, ...managers, 404: error('touchpoint_not_found, device_not_found') } },
  },
}
