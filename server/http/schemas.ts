/**
 * The JSON bodies the API accepts, as zod schemas: the routes validate with
 * them and /api/v1/openapi.json is generated from them, so the document
 * cannot drift from what the server does.
 */
import { z } from 'zod'
import { parseOpeningHours } from '../domain/opening-hours.ts'
import { SECTORS } from '../domain/survey-types.ts'

const name = z.string().trim().min(1).max(200)
const id = z.number().int().positive()

export const responseBody = z
  .object({
    id: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a UUID').describe('Client-generated UUID; makes the submission idempotent'),
    touchpoint: z.string().min(1).max(64).describe('The touchpoint code, as in /s/{code}'),
    answers: z.record(z.string(), z.union([z.number(), z.string()])).describe('Answers by item code: option values and numbers as numbers, texts as strings'),
    comment: z.string().nullable().optional().describe('Free comment, at most 2000 characters'),
    lang: z.string().optional().describe('Language the citizen answered in (vi, en)'),
    answered_at: z.iso.datetime({ offset: true }).optional().describe('When the citizen answered (ISO 8601), for answers a kiosk queued offline: used only with the X-Hailong-Device header of a paired kiosk and when neither in the future nor older than 30 days; otherwise ignored and the time of arrival counts'),
  })
  .strict()

export const loginBody = z.object({ username: z.string().max(200), password: z.string().max(1000) }).strict()

export const unitBody = z
  .object({
    name,
    type: z.string().trim().min(1).max(40).describe('province, department, commune, one-stop, hospital, health-station, school, …'),
    sector: z.enum(SECTORS).nullable().optional(),
    parent: id.nullable().optional(),
    code: z.string().trim().min(1).max(40).nullable().optional().describe('Official unit code (mã đơn vị)'),
  })
  .strict()

export const serviceBody = z
  .object({ name, sector: z.enum(SECTORS), code: z.string().trim().min(1).max(60).nullable().optional().describe('National procedure code') })
  .strict()

export const touchpointBody = z.object({ unit: id, survey: z.string().min(1).max(60), service: id.nullable().optional(), label: name }).strict()

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'a calendar day')

export const unitPatchBody = z
  .object({
    name: name.optional(),
    type: unitBody.shape.type.optional(),
    sector: z.enum(SECTORS).nullable().optional(),
    code: unitBody.shape.code,
    parent: id.nullable().optional().describe('Moves the unit and its whole subtree under another unit (null: a root)'),
    opening_hours: z
      .string()
      .trim()
      .max(200)
      .refine((s) => parseOpeningHours(s) !== null, 'e.g. "07:30-17:00" or "07:30-11:30,13:30-17:00 Mon-Fri; 07:30-11:30 Sat"')
      .nullable()
      .optional()
      .describe('Local opening hours; responses sent outside them (an hour of grace after closing) are flagged off_hours. null: no such rule'),
  })
  .strict()

export const unitCloseBody = z.object({ on: day.nullable().describe('Local day the unit closed; null reopens it') }).strict()

export const servicePatchBody = z.object({ name: name.optional(), sector: z.enum(SECTORS).optional(), code: serviceBody.shape.code }).strict()

export const touchpointPatchBody = z
  .object({
    label: name.optional(),
    service: id.nullable().optional(),
    retired_on: day.nullable().optional().describe('Local day from which the survey address stops (answers queued offline are still taken for 30 days)'),
    kiosk: z.boolean().optional().describe('Offered on a counter tablet at /k/{code}, to which tablets are paired'),
    rate_limit_per_minute: z.number().int().min(1).max(600).nullable().optional().describe('Administrators only: submissions one client may send here per minute (a shared tablet; no burst rule then). null: the default (6 a minute, 30 an hour)'),
  })
  .strict()

const threshold = z.number().min(0).max(1).describe('Fraction 0–1 of the headline index')
const source = z.string().trim().min(1).max(500).describe('The document the target comes from')

export const targetBody = z
  .object({
    sector: z.enum(SECTORS).nullable().optional().describe('A sector-wide target, or with unit: that unit’s target for one sector'),
    unit: id.nullable().optional().describe('A unit’s own target (covers its subtree)'),
    threshold,
    valid_from: day,
    source,
  })
  .strict()
  .refine((b) => b.sector != null || b.unit != null, { message: 'sector or unit', path: ['sector'] })

export const targetPatchBody = z.object({ threshold: threshold.optional(), valid_from: day.optional(), source: source.optional() }).strict()
