/**
 * One-time survey tickets for returned dossiers (store/tickets.ts):
 * POST /api/v1/tickets makes one, POST /api/v1/tickets/batch many (all or
 * none: a bad item refuses the batch, naming its index), GET
 * /api/v1/tickets/{code} tells whether it was answered. Callers: an API
 * client of the unit's subtree (Bearer token), its managers, administrators.
 * A ticket opens the survey of a touchpoint of its unit: the one named, or
 * the unit's "Vé một cửa" touchpoint for the service, made on first use.
 */
import { Hono, type Context } from 'hono'
import type { z } from 'zod'
import type { Service, Unit } from '../db/schema.ts'
import { normaliseTouchpointCode } from '../domain/touchpoint-code.ts'
import { AppError } from '../errors.ts'
import { nowIso } from '../store/clock.ts'
import { getService } from '../store/services.ts'
import { DEFAULT_TICKET_DAYS, findTicket, insertTickets, ticketState, TICKET_TOUCHPOINT_LABEL, type NewTicket } from '../store/tickets.ts'
import { createTouchpoint, findTouchpoint } from '../store/touchpoints.ts'
import { findUnitByCode, getUnit } from '../store/units.ts'
import { assertCanManage, assertCanRead, requireUser } from './auth.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { ticketBatchBody, ticketBody } from './integration-schemas.ts'
import { jsonBody } from './json-body.ts'

type C = Context<AppEnv>
type TicketInput = z.infer<typeof ticketBody>
const DAY_MS = 86_400_000

export async function unitByRef(deps: AppDeps, ref: number | string): Promise<Unit> {
  const unit = typeof ref === 'number' ? await getUnit(deps.db, ref) : await findUnitByCode(deps.db, ref)
  if (!unit) throw new AppError(404, 'unit_not_found')
  return unit
}

/** The service by id and/or national procedure code; both given must agree. */
async function serviceOf(deps: AppDeps, input: Pick<TicketInput, 'service' | 'procedure_code'>): Promise<Service | null> {
  const byId = input.service != null ? await getService(deps.db, input.service) : null
  if (input.service != null && !byId) throw new AppError(404, 'service_not_found')
  if (!input.procedure_code) return byId ?? null
  const byCode = await deps.db.selectFrom('services').selectAll().where('code', '=', input.procedure_code).orderBy('id').executeTakeFirst()
  if (!byCode || (byId && byId.id !== byCode.id)) throw new AppError(404, 'service_not_found')
  return byCode
}

export function ticketsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const link = (code: string) => {
    const base = `${deps.config.publicUrl}/t/${code}`
    return { code, url: base, qr_svg: `${base}.svg`, qr_png: `${base}.png` }
  }

  /** The unit's ticket touchpoint for a service: found, or made with the instrument the unit uses for it. */
  const defaultTouchpoint = async (unit: Unit, service: Service | null, asked: string | undefined): Promise<number> => {
    let q = deps.db.selectFrom('touchpoints').select(['id', 'survey_id']).where('unit_id', '=', unit.id).where('label', '=', TICKET_TOUCHPOINT_LABEL).where('retired_on', 'is', null)
    q = service ? q.where('service_id', '=', service.id) : q.where('service_id', 'is', null)
    if (asked) q = q.where('survey_id', '=', asked)
    const found = await q.orderBy('id').executeTakeFirst()
    if (found) return found.id
    let surveyId = asked ?? null
    if (surveyId && !deps.surveys.has(surveyId)) throw new AppError(404, 'survey_not_found')
    if (!surveyId) {
      const used = await deps.db.selectFrom('touchpoints').select(['survey_id', 'service_id']).where('unit_id', '=', unit.id).orderBy('id', 'desc').execute()
      const sector = service?.sector ?? unit.sector
      const candidates = [...used.filter((t) => service && t.service_id === service.id), ...used].map((t) => t.survey_id).filter((id) => deps.surveys.has(id))
      surveyId = candidates.find((id) => !sector || deps.surveys.get(id)!.sector === sector) ?? [...deps.surveys.values()].find((d) => d.sector === sector)?.id ?? null
    }
    if (!surveyId) throw new AppError(422, 'ticket_survey_unknown')
    return (await createTouchpoint(deps.db, { unitId: unit.id, serviceId: service?.id ?? null, surveyId, label: TICKET_TOUCHPOINT_LABEL })).id
  }

  /** Checks one request item and resolves it to a row; the caller must manage the unit. */
  const prepare = async (c: C, input: TicketInput, cache: Map<string, number>): Promise<NewTicket> => {
    const unit = await unitByRef(deps, input.unit)
    assertCanManage(c, unit)
    const service = await serviceOf(deps, input)
    let touchpointId: number
    if (input.touchpoint) {
      const code = normaliseTouchpointCode(input.touchpoint)
      const tp = code ? await findTouchpoint(deps.db, deps.dialect, code) : undefined
      if (!tp) throw new AppError(404, 'touchpoint_not_found')
      if (tp.unit_id !== unit.id) throw new AppError(422, 'ticket_touchpoint_elsewhere')
      touchpointId = tp.id
    } else {
      const key = `${unit.id}:${service?.id ?? ''}:${input.survey ?? ''}`
      touchpointId = cache.get(key) ?? (await defaultTouchpoint(unit, service, input.survey))
      cache.set(key, touchpointId)
    }
    const days = input.expires_in_days ?? DEFAULT_TICKET_DAYS
    return {
      touchpointId,
      unitId: unit.id,
      serviceId: service?.id ?? null,
      reference: input.reference,
      returnedAt: new Date(input.returned_at).toISOString(),
      expiresAt: nowIso(new Date(Date.now() + days * DAY_MS)),
      clientId: c.get('apiClient')?.id ?? null,
    }
  }

  const issue = async (items: NewTicket[]) => {
    const codes = await insertTickets(deps.db, items)
    return codes.map((code, i) => ({ ...link(code), unit: items[i]!.unitId, service: items[i]!.serviceId, expires_at: items[i]!.expiresAt }))
  }

  app.post('/api/v1/tickets', requireUser, async (c) => {
    const body = await jsonBody(c, ticketBody)
    const [ticket] = await issue([await prepare(c, body, new Map())])
    return c.json(ticket, 201)
  })

  app.post('/api/v1/tickets/batch', requireUser, async (c) => {
    const body = await jsonBody(c, ticketBatchBody)
    const cache = new Map<string, number>()
    const items: NewTicket[] = []
    for (const [index, input] of body.tickets.entries()) {
      try {
        items.push(await prepare(c, input, cache))
      } catch (err) {
        // All or none: the whole batch is refused, naming the first bad item.
        if (err instanceof AppError) throw new AppError(err.status, err.code, err.params, { ...err.details, index })
        throw err
      }
    }
    return c.json({ tickets: await issue(items) }, 201)
  })

  app.get('/api/v1/tickets/:code', requireUser, async (c) => {
    const ticket = await findTicket(deps.db, c.req.param('code').toLowerCase())
    if (!ticket) throw new AppError(404, 'ticket_not_found')
    assertCanRead(c, { path: ticket.unit_path })
    return c.json({ ...link(ticket.code), unit: ticket.unit_id, service: ticket.service_id, state: ticketState(ticket), returned_at: ticket.returned_at, expires_at: ticket.expires_at, used_at: ticket.used_at })
  })

  return app
}
