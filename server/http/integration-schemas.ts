/**
 * The JSON bodies of the integration API (clients, tickets, transaction
 * counts, webhooks): the routes validate with these and
 * /api/v1/openapi.json is generated from them.
 */
import { z } from 'zod'
import { WEBHOOK_EVENTS } from '../store/webhooks.ts'

const id = z.number().int().positive()
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'a calendar day')
const unitRef = z.union([id, z.string().trim().min(1).max(40)]).describe('Unit id, or its official code (mã đơn vị)')

export const MAX_BATCH = 500

export const clientBody = z.object({ name: z.string().trim().min(1).max(200).describe('Who uses the token, e.g. "Hệ thống một cửa tỉnh"'), unit: id.describe('The subtree the client acts on') }).strict()

export const ticketBody = z
  .object({
    unit: unitRef,
    service: id.nullable().optional().describe('Service id'),
    procedure_code: z.string().trim().min(1).max(60).optional().describe('National procedure code (mã thủ tục hành chính) of the service, instead of or with its id'),
    touchpoint: z.string().min(4).max(32).optional().describe('Touchpoint code whose survey the ticket opens; default: the unit’s "Vé một cửa" touchpoint for the service, made on first use'),
    survey: z.string().min(1).max(60).optional().describe('Instrument for that default touchpoint when it has to be made; default: the one the unit already uses for the service'),
    returned_at: z.iso.datetime({ offset: true }).describe('When the dossier’s result was returned (ISO 8601)'),
    reference: z.string().min(1).max(200).describe('The dossier’s reference (mã hồ sơ); stored only as a keyed hash'),
    expires_in_days: z.number().int().min(1).max(365).optional().describe('Days the ticket can be answered (default 30)'),
  })
  .strict()

export const ticketBatchBody = z.object({ tickets: z.array(ticketBody).min(1).max(MAX_BATCH).describe(`Up to ${MAX_BATCH} tickets, made all or none`) }).strict()

export const transactionsBody = z
  .object({
    items: z
      .array(
        z
          .object({
            day,
            unit: unitRef,
            service: id.nullable().optional().describe('Service id; absent or null: all services of the unit that day'),
            count: z.number().int().min(0).max(1_000_000).describe('Dossiers returned'),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_BATCH),
  })
  .strict()

export const webhookBody = z
  .object({
    url: z
      .string()
      .max(2000)
      .refine((s) => {
        try {
          return ['http:', 'https:'].includes(new URL(s).protocol)
        } catch {
          return false
        }
      }, 'an http(s) URL'),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).describe(WEBHOOK_EVENTS.join(', ')),
  })
  .strict()

export const webhookPatchBody = z.object({ active: z.boolean() }).strict()
