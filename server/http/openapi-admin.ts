/**
 * The management and account part of the OpenAPI document: the unit tree,
 * services, touchpoints, targets, users and the signed-in user's account.
 * Bodies come from the zod schemas the routes validate with.
 */
import { z } from 'zod'
import { changePasswordBody } from './account-routes.ts'
import { servicePatchBody, targetBody, targetPatchBody, touchpointPatchBody, unitCloseBody, unitPatchBody } from './schemas.ts'
import { createUserBody, grantBody, patchUserBody, resetPasswordBody } from './users-routes.ts'

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' })
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } })
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })
const id = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'integer' } })
const session = [{ session: [] }]
const ok = (description: string) => ({ description })

const admin = { security: session, tags: ['administration'] }
const denied = { 401: error('unauthorized'), 403: error('forbidden (administrators only)') }

export const adminPaths = {
  '/api/v1/units/{id}': {
    patch: { ...admin, summary: 'Edit or move a unit; a move carries its whole subtree', parameters: [id('id', 'Unit id')], requestBody: body(unitPatchBody), responses: { 200: ok('The unit'), ...denied, 404: error('unit_not_found'), 409: error('unit_cycle, code_taken'), 422: error('invalid_body') } },
  },
  '/api/v1/units/{id}/close': {
    post: { ...admin, summary: 'Close a unit (and its subtree) on a day, or reopen it with null; its touchpoints retire that day', parameters: [id('id', 'Unit id')], requestBody: body(unitCloseBody), responses: { 200: ok('The unit'), ...denied, 404: error('unit_not_found') } },
  },
  '/api/v1/units/import': {
    post: {
      ...admin,
      summary: 'Import units from CSV (columns code,name,type,sector,parent_code; UTF-8, BOM allowed); all or nothing',
      parameters: [{ name: 'dry_run', in: 'query', required: false, description: '1: check only, write nothing', schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
      responses: { 201: ok('Created'), 200: ok('Dry run: the list is valid'), ...denied, 413: error('payload_too_large'), 415: error('unsupported_media_type'), 422: error('invalid_csv, with errors[] {line, field, code, message}') },
    },
  },
  '/api/v1/services/{id}': {
    patch: { ...admin, summary: 'Edit a service', parameters: [id('id', 'Service id')], requestBody: body(servicePatchBody), responses: { 200: ok('The service'), ...denied, 404: error('service_not_found') } },
  },
  '/api/v1/touchpoints/{id}': {
    patch: { security: session, summary: "Relabel, change the service of, or retire a touchpoint (its unit's managers and administrators)", parameters: [id('id', 'Touchpoint id')], requestBody: body(touchpointPatchBody), responses: { 200: ok('The touchpoint'), 401: error('unauthorized'), 403: error('forbidden'), 404: error('touchpoint_not_found, service_not_found') } },
  },
  '/api/v1/targets': {
    get: { security: session, summary: 'Targets in force and past, each with its source and period (valid_from to valid_to)', responses: { 200: ok('List'), 401: error('unauthorized') } },
    post: { ...admin, summary: 'Add a target for a sector or a unit', requestBody: body(targetBody), responses: { 201: ok('Created'), ...denied, 409: error('target_same_start'), 422: error('invalid_body') } },
  },
  '/api/v1/targets/{id}': {
    patch: { ...admin, summary: 'Correct a target (not the shipped defaults)', parameters: [id('id', 'Target id')], requestBody: body(targetPatchBody), responses: { 200: ok('The target'), ...denied, 404: error('target_not_found'), 409: error('target_default, target_same_start') } },
    delete: { ...admin, summary: 'Delete a target (not the shipped defaults)', parameters: [id('id', 'Target id')], responses: { 204: ok('Deleted'), ...denied, 404: error('target_not_found'), 409: error('target_default') } },
  },
  '/api/v1/users': {
    get: { ...admin, summary: 'Staff accounts with their roles', responses: { 200: ok('List'), ...denied } },
    post: { ...admin, summary: 'Create an account; without a password one is generated and returned once', requestBody: body(createUserBody), responses: { 201: ok('Created'), ...denied, 409: error('username_taken'), 422: error('invalid_body, invalid_username, weak_password') } },
  },
  '/api/v1/users/{id}': {
    get: { ...admin, summary: 'One account', parameters: [id('id', 'User id')], responses: { 200: ok('The account'), ...denied, 404: error('user_not_found') } },
    patch: { ...admin, summary: 'Rename, make or unmake administrator, disable or enable', parameters: [id('id', 'User id')], requestBody: body(patchUserBody), responses: { 200: ok('The account'), ...denied, 404: error('user_not_found'), 409: error('self_lockout') } },
  },
  '/api/v1/users/{id}/grants/{unit}': {
    put: { ...admin, summary: 'Give a role (manager or viewer) on a unit and everything under it', parameters: [id('id', 'User id'), id('unit', 'Unit id')], requestBody: body(grantBody), responses: { 200: ok('The account'), ...denied, 404: error('user_not_found, unit_not_found') } },
    delete: { ...admin, summary: 'Take a role away', parameters: [id('id', 'User id'), id('unit', 'Unit id')], responses: { 200: ok('The account'), ...denied, 404: error('user_not_found, grant_not_found') } },
  },
  '/api/v1/users/{id}/password': {
    post: { ...admin, summary: "Reset a user's password (given, or generated and returned once); ends their sessions", parameters: [id('id', 'User id')], requestBody: body(resetPasswordBody), responses: { 200: ok('{password}: the generated one'), 204: ok('Set'), ...denied, 404: error('user_not_found'), 422: error('weak_password') } },
  },
  '/api/v1/auth/me': {
    get: { security: session, summary: 'The signed-in user and their roles', responses: { 200: ok('The account'), 401: error('unauthorized') } },
  },
  '/api/v1/auth/password': {
    post: { security: session, summary: 'Change my password; ends my other sessions and starts a fresh one', requestBody: body(changePasswordBody), responses: { 204: ok('Changed'), 401: error('unauthorized, bad_credentials'), 422: error('weak_password') } },
  },
}
