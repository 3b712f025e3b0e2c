/**
 * The JSON bodies the API accepts, as zod schemas: the routes validate with
 * them and /api/v1/openapi.json is generated from them, so the document
 * cannot drift from what the server does.
 */
import { z } from 'zod'
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
