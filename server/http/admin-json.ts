/**
 * How the management API writes its records, and the small request helpers
 * its routes and pages share.
 */
import type { Context } from 'hono'
import type { Config } from '../config.ts'
import type { Service, Touchpoint, Unit } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { listSubtree } from '../store/units.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { readableRoots } from './auth.ts'

export const unitJson = (u: Unit) => ({ id: u.id, name: u.name, type: u.type, sector: u.sector, parent: u.parent_id, code: u.code, path: u.path, closed_on: u.closed_on, opening_hours: u.opening_hours })
export const serviceJson = (s: Service) => ({ id: s.id, name: s.name, sector: s.sector, code: s.code })

/** A touchpoint record with the addresses of its survey, QR codes and poster. */
export function touchpointJson(tp: Touchpoint, config: Pick<Config, 'publicUrl'>) {
  const base = config.publicUrl
  return {
    id: tp.id,
    code: tp.code,
    unit: tp.unit_id,
    service: tp.service_id,
    survey: tp.survey_id,
    label: tp.label,
    retired_on: tp.retired_on,
    kiosk: !!tp.kiosk,
    rate_limit_per_minute: tp.rate_limit_per_minute,
    urls: {
      survey: `${base}/s/${tp.code}`,
      qr_svg: `${base}/qr/${tp.code}.svg`,
      qr_png: `${base}/qr/${tp.code}.png`,
      poster: `${base}/poster/${tp.code}`,
      kiosk: `${base}/k/${tp.code}`,
    },
  }
}

/** A numeric path parameter, or 404 with the code naming what was looked for. */
export function idParam(c: Context, code: string, name = 'id'): number {
  const raw = c.req.param(name) ?? ''
  if (!/^\d{1,12}$/.test(raw)) throw new AppError(404, code)
  return Number(raw)
}

/** Every unit the user reads, depth first: what unit pickers and listings offer. */
export async function readableUnits(c: Context<AppEnv>, deps: AppDeps): Promise<Unit[]> {
  const roots = await readableRoots(c, deps)
  return (await Promise.all(roots.map((r) => listSubtree(deps.db, r)))).flat()
}
