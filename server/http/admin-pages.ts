/**
 * The management pages: the index of what this user may manage, services and
 * targets (administrators), and touchpoints (a unit's managers and
 * administrators). They read and change through the same actions as the API.
 */
import { Hono, type Context } from 'hono'
import type { Unit } from '../db/schema.ts'
import { localDay } from '../domain/local-day.ts'
import { local } from '../domain/survey-types.ts'
import { targetPeriods } from '../domain/target-periods.ts'
import { AppError } from '../errors.ts'
import { listServices } from '../store/services.ts'
import { listTargets } from '../store/targets.ts'
import { listTouchpoints } from '../store/touchpoints.ts'
import { listDevices } from '../store/kiosk-devices.ts'
import type { MessageKey } from '../../web/i18n/messages.ts'
import { renderPage } from '../../web/pages/render.ts'
import { AdminIndexPage } from '../../web/pages/admin/admin-index-page.tsx'
import { ServicesPage } from '../../web/pages/admin/services-page.tsx'
import { TargetsPage } from '../../web/pages/admin/targets-page.tsx'
import { TouchpointsPage } from '../../web/pages/admin/touchpoints-page.tsx'
import { addService, addTarget, addTouchpoint, editService, editTarget, editTouchpoint, isDefaultTarget, removeTarget } from './admin-actions.ts'
import { flashOf, formAction, num, parseForm, readForm, text } from './admin-forms.ts'
import { idParam, readableUnits } from './admin-json.ts'
import { adminUnitPages } from './admin-unit-pages.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { requireAdmin, requireLoginPage } from './auth.ts'
import { servicePatchBody, serviceBody, targetBody, targetPatchBody, touchpointBody, touchpointPatchBody } from './schemas.ts'
import { staffUser } from './staff-user.ts'

type C = Context<AppEnv>

const depthOf = (u: Pick<Unit, 'path'>) => u.path.split('/').length - 3

/** A threshold typed as a percentage (92.5) as the API's fraction. */
const fraction = (v: number | string | null) => (typeof v === 'number' ? Math.round(v * 10) / 1000 : v)

export function adminPages(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.route('/', adminUnitPages(deps))
  const frame = (c: C) => ({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c)!, flash: flashOf(c) })

  /** The units whose touchpoints this user manages, depth first; 403 for someone who manages none. */
  const managedUnits = async (c: C) => {
    const access = c.get('access')
    const units = (await readableUnits(c, deps)).filter((u) => access.canManage(u))
    if (!units.length) throw new AppError(403, 'forbidden')
    return units
  }

  app.get('/admin', requireLoginPage, async (c) => {
    const units = await managedUnits(c)
    const access = c.get('access')
    const managed = units.filter((u) => !units.some((o) => o !== u && u.path.startsWith(o.path))).map((u) => ({ id: u.id, name: u.name }))
    return c.html(renderPage(AdminIndexPage({ ...frame(c), managed: access.admin ? [] : managed })))
  })

  app.get('/admin/services', requireLoginPage, requireAdmin, async (c) => c.html(renderPage(ServicesPage({ ...frame(c), services: await listServices(deps.db) }))))

  app.post(
    '/admin/services',
    requireAdmin,
    formAction(
      () => '/admin/services',
      async (c) => {
        const f = await readForm(c)
        await addService(c, deps, parseForm(serviceBody, { name: text(f, 'name'), sector: text(f, 'sector'), code: text(f, 'code') }))
        return { ok: 'service_created' }
      },
    ),
  )

  app.post(
    '/admin/services/:id',
    requireAdmin,
    formAction(
      () => '/admin/services',
      async (c) => {
        const f = await readForm(c)
        await editService(c, deps, idParam(c, 'service_not_found'), parseForm(servicePatchBody, { name: text(f, 'name'), sector: text(f, 'sector'), code: text(f, 'code') }))
        return { ok: 'saved' }
      },
    ),
  )

  app.get('/admin/touchpoints', requireLoginPage, async (c) => {
    const units = await managedUnits(c)
    const raw = c.req.query('unit')
    const unit = raw === undefined ? units[0]! : units.find((u) => String(u.id) === raw)
    if (!unit) throw new AppError(raw && /^\d{1,12}$/.test(raw) ? 403 : 404, raw && /^\d{1,12}$/.test(raw) ? 'forbidden' : 'unit_not_found')
    const lang = c.get('lang')
    const today = localDay(new Date())
    const touchpoints = (await listTouchpoints(deps.db, unit.path)).map((tp) => ({
      id: tp.id,
      code: tp.code,
      label: tp.label,
      unitName: tp.unit_name,
      serviceId: tp.service_id,
      survey: local(deps.surveys.get(tp.survey_id)?.title ?? { vi: tp.survey_id, en: tp.survey_id }, lang),
      retiredOn: tp.retired_on,
      retired: !!tp.retired_on && tp.retired_on <= today,
      kiosk: !!tp.kiosk,
      rateLimit: tp.rate_limit_per_minute,
    }))
    const devices = await listDevices(deps.db, touchpoints.filter((tp) => tp.kiosk).map((tp) => tp.id))
    const surveys = [...deps.surveys.values()].map((s) => ({ id: s.id, title: local(s.title, lang) }))
    return c.html(
      renderPage(
        TouchpointsPage({
          ...frame(c),
          unit,
          units: units.map((u) => ({ id: u.id, name: u.name, depth: depthOf(u) })),
          services: await listServices(deps.db),
          surveys,
          touchpoints,
          devices,
        }),
      ),
    )
  })

  const touchpointsOf = (c: C) => {
    const unit = c.req.query('unit')
    return unit && /^\d{1,12}$/.test(unit) ? `/admin/touchpoints?unit=${unit}` : '/admin/touchpoints'
  }

  app.post(
    '/admin/touchpoints',
    requireLoginPage,
    formAction(touchpointsOf, async (c) => {
      const f = await readForm(c)
      const b = parseForm(touchpointBody, { unit: num(f, 'unit'), survey: text(f, 'survey'), service: num(f, 'service'), label: text(f, 'label') })
      await addTouchpoint(c, deps, b)
      return { to: `/admin/touchpoints?unit=${b.unit}`, ok: 'touchpoint_created' }
    }),
  )

  app.post(
    '/admin/touchpoints/:id',
    requireLoginPage,
    formAction(touchpointsOf, async (c) => {
      const f = await readForm(c)
      const b = parseForm(touchpointPatchBody, { label: text(f, 'label'), service: num(f, 'service'), retired_on: text(f, 'retired_on'), kiosk: f.get('kiosk') === '1', rate_limit_per_minute: f.has('rate_limit_per_minute') ? num(f, 'rate_limit_per_minute') : undefined })
      const tp = await editTouchpoint(c, deps, idParam(c, 'touchpoint_not_found'), b)
      return { to: `/admin/touchpoints?unit=${tp.unit_id}`, ok: 'saved' }
    }),
  )

  app.get('/admin/targets', requireLoginPage, requireAdmin, async (c) => {
    const t = c.get('t')
    const units = await readableUnits(c, deps)
    const names = new Map(units.map((u) => [u.id, u.name]))
    const sectorName = (s: string | null) => (s ? t(`admin.sector.${s}` as MessageKey) : t('admin.target.all_sectors'))
    const targets = targetPeriods(await listTargets(deps.db)).map(({ target: x, validTo }) => ({
      id: x.id!,
      scope: x.unitId === null ? sectorName(x.sector) : `${names.get(x.unitId) ?? `#${x.unitId}`} — ${sectorName(x.sector)}`,
      percent: String(Math.round(x.threshold * 1000) / 10),
      validFrom: x.validFrom,
      validTo,
      source: x.source,
      isDefault: isDefaultTarget(x),
    }))
    const unitOptions = units.map((u) => ({ id: u.id, name: u.name, depth: depthOf(u) }))
    return c.html(renderPage(TargetsPage({ ...frame(c), targets, units: unitOptions, today: localDay(new Date()) })))
  })

  app.post(
    '/admin/targets',
    requireAdmin,
    formAction(
      () => '/admin/targets',
      async (c) => {
        const f = await readForm(c)
        const b = parseForm(targetBody, { sector: text(f, 'sector'), unit: num(f, 'unit'), threshold: fraction(num(f, 'threshold')), valid_from: text(f, 'valid_from'), source: text(f, 'source') })
        await addTarget(c, deps, b)
        return { ok: 'target_created' }
      },
    ),
  )

  app.post(
    '/admin/targets/:id',
    requireAdmin,
    formAction(
      () => '/admin/targets',
      async (c) => {
        const f = await readForm(c)
        const b = parseForm(targetPatchBody, { threshold: fraction(num(f, 'threshold')), valid_from: text(f, 'valid_from'), source: text(f, 'source') })
        await editTarget(c, deps, idParam(c, 'target_not_found'), b)
        return { ok: 'saved' }
      },
    ),
  )

  app.post(
    '/admin/targets/:id/delete',
    requireAdmin,
    formAction(
      () => '/admin/targets',
      async (c) => {
        await removeTarget(c, deps, idParam(c, 'target_not_found'))
        return { ok: 'target_deleted' }
      },
    ),
  )

  return app
}
