/**
 * The unit tree pages (administrators): the tree with its create and CSV
 * import forms, one unit's edit/move/close forms, and, for the unit's managers
 * too, the batch print of its posters.
 */
import { Hono, type Context } from 'hono'
import QRCode from 'qrcode'
import type { Unit } from '../db/schema.ts'
import { localDay } from '../domain/local-day.ts'
import { AppError } from '../errors.ts'
import { listTouchpoints } from '../store/touchpoints.ts'
import { getUnit } from '../store/units.ts'
import { renderPage } from '../../web/pages/render.ts'
import { PostersPage } from '../../web/pages/admin/posters-page.tsx'
import { UnitPage } from '../../web/pages/admin/unit-page.tsx'
import { UnitsPage, type CsvError, type UnitRow } from '../../web/pages/admin/units-page.tsx'
import { addUnit, closeUnit, editUnit, importUnitCsv } from './admin-actions.ts'
import { flashOf, formAction, num, parseForm, readForm, text } from './admin-forms.ts'
import { idParam, readableUnits } from './admin-json.ts'
import { CSV_LIMIT } from './admin-units-routes.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { assertCanManage, requireAdmin, requireLoginPage } from './auth.ts'
import { requireContentType, readBody } from './read-body.ts'
import { unitBody, unitCloseBody, unitPatchBody } from './schemas.ts'
import { staffUser } from './staff-user.ts'

type C = Context<AppEnv>

const depthOf = (u: Pick<Unit, 'path'>) => u.path.split('/').length - 3
export const unitRow = (u: Unit): UnitRow => ({ id: u.id, name: u.name, code: u.code, type: u.type, sector: u.sector, parentId: u.parent_id, depth: depthOf(u), closedOn: u.closed_on, openingHours: u.opening_hours })

export function adminUnitPages(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const frame = (c: C) => ({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c)!, flash: flashOf(c) })
  const unitsPage = async (c: C, csv?: { text: string; errors: CsvError[] }) =>
    renderPage(UnitsPage({ ...frame(c), units: (await readableUnits(c, deps)).map(unitRow), csv }))

  app.get('/admin/units', requireLoginPage, requireAdmin, async (c) => c.html(await unitsPage(c)))

  app.post(
    '/admin/units',
    requireAdmin,
    formAction(
      () => '/admin/units',
      async (c) => {
        const f = await readForm(c)
        await addUnit(c, deps, parseForm(unitBody, { name: text(f, 'name'), type: text(f, 'type'), sector: text(f, 'sector'), parent: num(f, 'parent'), code: text(f, 'code') }))
        return { ok: 'unit_created' }
      },
    ),
  )

  // The file input sends multipart; the text area alone may come urlencoded.
  app.post('/admin/units/import', requireAdmin, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (type !== 'multipart/form-data') requireContentType(c, 'application/x-www-form-urlencoded')
    const raw = await readBody(c, CSV_LIMIT + 64 * 1024)
    const form = type === 'multipart/form-data' ? await new Response(raw, { headers: { 'content-type': c.req.header('content-type')! } }).formData() : new URLSearchParams(raw)
    const file = form.get('file')
    const fromFile = file && typeof file !== 'string' && file.size > 0 ? await file.text() : ''
    const csv = fromFile || String(form.get('text') ?? '')
    const dryRun = form.get('dry_run') === '1'
    try {
      const created = await importUnitCsv(c, deps, csv, dryRun)
      return c.redirect(`/admin/units?${new URLSearchParams({ ok: dryRun ? 'csv_checked' : 'csv_imported', detail: String(created) })}`, 303)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid_csv') throw err
      return c.html(await unitsPage(c, { text: csv, errors: err.details.errors as CsvError[] }), 422)
    }
  })

  app.get('/admin/units/:id', requireLoginPage, requireAdmin, async (c) => {
    const unit = await getUnit(deps.db, idParam(c, 'unit_not_found'))
    if (!unit) throw new AppError(404, 'unit_not_found')
    // A unit cannot move under itself or its own subtree: those are not offered.
    const parents = (await readableUnits(c, deps)).filter((u) => !u.path.startsWith(unit.path)).map(unitRow)
    return c.html(renderPage(UnitPage({ ...frame(c), unit: unitRow(unit), parents, today: localDay(new Date()) })))
  })

  app.post(
    '/admin/units/:id',
    requireAdmin,
    formAction(
      (c) => `/admin/units/${c.req.param('id')}`,
      async (c) => {
        const f = await readForm(c)
        const b = parseForm(unitPatchBody, { name: text(f, 'name'), type: text(f, 'type'), sector: text(f, 'sector'), parent: num(f, 'parent'), code: text(f, 'code'), opening_hours: text(f, 'opening_hours') })
        await editUnit(c, deps, idParam(c, 'unit_not_found'), b)
        return { ok: 'saved' }
      },
    ),
  )

  app.post(
    '/admin/units/:id/close',
    requireAdmin,
    formAction(
      (c) => `/admin/units/${c.req.param('id')}`,
      async (c) => {
        const { on } = parseForm(unitCloseBody, { on: text(await readForm(c), 'on') })
        await closeUnit(c, deps, idParam(c, 'unit_not_found'), on)
        return { ok: on ? 'unit_closed' : 'unit_reopened' }
      },
    ),
  )

  app.get('/admin/units/:id/posters', requireLoginPage, async (c) => {
    const unit = await getUnit(deps.db, idParam(c, 'unit_not_found'))
    if (!unit) throw new AppError(404, 'unit_not_found')
    assertCanManage(c, unit)
    const today = localDay(new Date())
    const active = (await listTouchpoints(deps.db, unit.path)).filter((tp) => !tp.retired_on || tp.retired_on > today)
    const posters = await Promise.all(
      active.map(async (tp) => {
        const url = `${deps.config.publicUrl}/s/${tp.code}`
        return {
          unitName: tp.unit_name,
          serviceName: tp.service_name,
          label: tp.label,
          qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
          shortAddress: url.replace(/^https?:\/\//, ''),
          languages: deps.surveys.get(tp.survey_id)?.languages ?? ['vi'],
        }
      }),
    )
    return c.html(renderPage(PostersPage({ t: c.get('t'), lang: c.get('lang'), unitName: unit.name, posters })))
  })

  return app
}
