/** The exports' and period close's part of the OpenAPI document. */
import { verifiedParam } from './openapi-integration.ts'

const q = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema })
const p = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } })
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })
const file = (description: string) => ({
  description,
  headers: { 'X-Export-Id': { schema: { type: 'integer' }, description: 'The export log entry' }, 'X-Period-Frozen': { schema: { type: 'string' }, description: 'Approval time, when the period is frozen' } },
  content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
})
const scope = [
  q('unit', 'Unit id (default: the first unit the user reads)', { type: 'integer' }),
  q('period', 'YYYY-MM | YYYY-Qn | YYYY | YYYY-MM-DD..YYYY-MM-DD (or from, to)'),
  q('from', 'First local day', { type: 'string', format: 'date' }),
  q('to', 'Last local day', { type: 'string', format: 'date' }),
  q('survey', 'Instrument id'),
  q('format', 'csv (UTF-8 with BOM) | xlsx', { type: 'string', enum: ['csv', 'xlsx'] }),
]
const common = { security: [{ session: [] }], tags: ['exports'] }
const refused = { 400: error('invalid_query, survey_required'), 401: error('unauthorized'), 403: error('forbidden'), 404: error('unit_not_found, survey_not_found') }
const action = (summary: string, who: string) => ({
  post: {
    security: [{ session: [] }],
    tags: ['periods'],
    summary: `${summary} (${who})`,
    parameters: [p('unit', 'Unit id'), p('period', 'YYYY-MM | YYYY-Qn | YYYY')],
    requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { remark: { type: 'string', maxLength: 2000 } } } } } },
    responses: { 200: { description: 'The review: {id, unit_id, unit_name, period_key, status, remark, submitted_by/at, returned_by/at, approved_by/at, published_by/at}' }, 400: error('invalid_query'), 401: error('unauthorized'), 403: error('forbidden'), 404: error('unit_not_found'), 409: error('period_not_over, period_approved, period_not_submitted, period_not_approved'), 422: error('invalid_body') },
  },
})

export const exportPaths = {
  '/api/v1/exports/results': {
    get: {
      ...common,
      summary: 'Results of a subtree: one row per unit and instrument (CSV: table=unit|service|section|item; XLSX: a sheet per breakdown and a method sheet). Figures equal GET /api/v1/results/units and GET /api/v1/results; unit rows carry verified_n beside n; an approved period reads its frozen figures (not with verified=only: those are live)',
      parameters: [...scope, q('table', 'CSV only: unit | service | section | item'), q('by', 'XLSX only: breakdown sheets, comma-separated (service,section,item)'), q('sector', 'Filter'), q('type', 'Filter'), q('verdict', 'Filter'), verifiedParam],
      responses: { 200: file('The file, streamed'), ...refused },
    },
  },
  '/api/v1/exports/responses': {
    get: {
      ...common,
      summary: 'One row per response with coded answers: the day only, verified (1: through a one-time ticket, else 0), no comments unless comments=1 (then masked); flagged responses only with include=all. layout=moh: the Ministry of Health online system columns (health instruments)',
      parameters: [...scope, q('layout', 'standard | moh'), q('comments', '1: add free texts, masked'), q('include', 'included (default) | all'), verifiedParam],
      responses: { 200: file('The file, streamed from the database'), ...refused },
    },
  },
  '/api/v1/exports/codebook': {
    get: { ...common, summary: 'The codebook of a responses export: columns, item texts (vi, en), answer codes and labels, excluded codes', parameters: [...scope, q('layout', 'standard | moh'), q('comments', '1: with text columns')], responses: { 200: file('The codebook'), ...refused } },
  },
  '/api/v1/exports': {
    get: { ...common, summary: 'The export log, newest first: the user’s own (administrators: everyone’s)', responses: { 200: { description: '{items: [{id, at, user_id, username, kind, format, filters, period_frozen, rows, sha256, made_at}]}' }, 401: error('unauthorized') } },
  },
  '/api/v1/exports/{id}': {
    get: { ...common, summary: 'One export log entry (its maker or an administrator)', parameters: [p('id', 'Export id')], responses: { 200: { description: 'The entry' }, 401: error('unauthorized'), 403: error('forbidden'), 404: error('export_not_found') } },
  },
  '/api/v1/exports/{id}/file': {
    get: { ...common, summary: 'Repeats an export with its filters; for a frozen period the bytes are the same', parameters: [p('id', 'Export id')], responses: { 200: file('The file again'), 401: error('unauthorized'), 403: error('forbidden'), 404: error('export_not_found') } },
  },
  '/api/v1/periods': {
    get: { security: [{ session: [] }], tags: ['periods'], summary: 'Period reviews of the units the user reads', parameters: [q('status', 'draft | submitted | returned | approved')], responses: { 200: { description: '{items: [review]}' }, 401: error('unauthorized') } },
  },
  '/api/v1/periods/{unit}/{period}/submit': action('Submit a finished period for review', "the unit's managers"),
  '/api/v1/periods/{unit}/{period}/return': action('Return a submitted period with a remark (required)', 'administrators'),
  '/api/v1/periods/{unit}/{period}/approve': action('Approve a period and freeze its figures', 'administrators'),
  '/api/v1/periods/{unit}/{period}/publish': action('Publish an approved period on the public pages', 'administrators'),
  '/api/v1/periods/{unit}/{period}/unpublish': action('Withdraw a published period', 'administrators'),
}
