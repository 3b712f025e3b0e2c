/** The audit log's part of the OpenAPI document (administrators only). */
const q = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema })
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })

export const auditPaths = {
  '/api/v1/audit': {
    get: {
      security: [{ session: [] }],
      tags: ['administration'],
      summary: 'The audit log, newest first: logins, failures and lockouts, logouts, password changes and every administrative change',
      parameters: [
        q('from', 'First local day, YYYY-MM-DD', { type: 'string', format: 'date' }),
        q('to', 'Last local day, YYYY-MM-DD', { type: 'string', format: 'date' }),
        q('user', 'Username of the actor'),
        q('action', 'An action (user.create) or its family (user)'),
        q('before', 'Cursor: the `next` of the previous page'),
        q('limit', 'Entries per page, 1–200 (default 50)', { type: 'integer' }),
      ],
      responses: {
        200: {
          description: '{items: [{id, at, user: {id, username} | null, action, target: {type, id} | null, detail, client}], next}; `client` is a pseudonym of the address under a key that changes daily, never the address',
        },
        400: error('invalid_query'),
        401: error('unauthorized'),
        403: error('forbidden (administrators only)'),
      },
    },
  },
}
