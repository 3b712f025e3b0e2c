/**
 * What the management API and the management pages both do: one function a
 * change, checking access and references and throwing AppError with a stable
 * code, so a form and a JSON call can never disagree.
 */
import type { Context } from 'hono'
import type { z } from 'zod'
import type { Service, Unit } from '../db/schema.ts'
import { scopeOf } from '../domain/target-periods.ts'
import { DEFAULT_TARGETS, type Target } from '../domain/targets.ts'
import { readUnitCsv } from '../domain/unit-csv.ts'
import { AppError } from '../errors.ts'
import { kioskQuestion } from '../domain/kiosk-survey.ts'
import { createService, getService, updateService } from '../store/services.ts'
import { createTarget, deleteTarget, getTarget, listTargets, updateTarget } from '../store/targets.ts'
import { createTouchpoint, getTouchpoint, updateTouchpoint, type TouchpointView } from '../store/touchpoints.ts'
import { rebuildSubtreeRollups } from '../store/rollups.ts'
import { createUnit, findUnitByCode, getUnit, importUnits, setUnitClosed, updateUnit } from '../store/units.ts'
import type { MessageKey } from '../../web/i18n/messages.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { assertCanManage } from './auth.ts'
import { audit, audited } from './audit.ts'
import type { serviceBody, servicePatchBody, targetBody, targetPatchBody, touchpointBody, touchpointPatchBody, unitBody, unitPatchBody } from './schemas.ts'

type C = Context<AppEnv>

export async function addUnit(c: C, deps: AppDeps, b: z.infer<typeof unitBody>): Promise<Unit> {
  if (b.parent != null && !(await getUnit(deps.db, b.parent))) throw new AppError(404, 'unit_not_found')
  if (b.code && (await findUnitByCode(deps.db, b.code))) throw new AppError(409, 'code_taken')
  const unit = await createUnit(deps.db, { name: b.name, type: b.type, sector: b.sector ?? null, parentId: b.parent ?? null, code: b.code ?? null })
  // The store opens its own transaction (the path needs the new id): the entry follows it.
  await audit(deps.db, c, 'unit.create', { type: 'unit', id: unit.id }, { ...b })
  return unit
}

export async function editUnit(c: C, deps: AppDeps, id: number, b: z.infer<typeof unitPatchBody>): Promise<Unit> {
  const before = await getUnit(deps.db, id)
  // The subtree sums of the old and new ancestors change with a move: recompute them in the same transaction.
  const out = await updateUnit(deps.db, id, { name: b.name, type: b.type, sector: b.sector, code: b.code, parentId: b.parent, openingHours: b.opening_hours }, (trx) =>
    rebuildSubtreeRollups(trx, deps.dialect, deps.surveys),
  )
  if (out.ok) {
    const moved = b.parent !== undefined && before?.parent_id !== out.unit.parent_id
    await audit(deps.db, c, moved ? 'unit.move' : 'unit.update', { type: 'unit', id }, { ...b, ...(moved ? { from_parent: before?.parent_id ?? null } : {}) })
    return out.unit
  }
  if (out.reason === 'cycle') throw new AppError(409, 'unit_cycle')
  if (out.reason === 'code_taken') throw new AppError(409, 'code_taken')
  throw new AppError(404, 'unit_not_found')
}

export async function closeUnit(c: C, deps: AppDeps, id: number, on: string | null): Promise<Unit> {
  const unit = await setUnitClosed(deps.db, id, on)
  if (!unit) throw new AppError(404, 'unit_not_found')
  await audit(deps.db, c, on ? 'unit.close' : 'unit.reopen', { type: 'unit', id }, on ? { on } : null)
  return unit
}

/** Imports units from CSV text; every problem of the file comes back at once as 422 `invalid_csv`. */
export async function importUnitCsv(c: C, deps: AppDeps, text: string, dryRun: boolean): Promise<number> {
  const t = c.get('t')
  const read = readUnitCsv(text)
  const out = read.problems.length ? { ok: false as const, problems: read.problems } : await importUnits(deps.db, read.units, { dryRun })
  if (out.ok) {
    if (!dryRun) await audit(deps.db, c, 'unit.import', null, { created: out.created })
    return out.created
  }
  const errors = out.problems.map((p) => ({ ...p, message: t(`admin.csv.${p.code}` as MessageKey, { line: p.line, field: p.field }) }))
  throw new AppError(422, 'invalid_csv', { count: errors.length }, { errors })
}

export async function addService(c: C, deps: AppDeps, b: z.infer<typeof serviceBody>): Promise<Service> {
  return audited(
    deps.db,
    c,
    (trx) => createService(trx, { name: b.name, sector: b.sector, code: b.code ?? null }),
    (s) => ({ action: 'service.create', target: { type: 'service', id: s.id }, detail: { ...b } }),
  )
}

export async function editService(c: C, deps: AppDeps, id: number, b: z.infer<typeof servicePatchBody>): Promise<Service> {
  return audited(
    deps.db,
    c,
    async (trx) => {
      const s = await updateService(trx, id, b)
      if (!s) throw new AppError(404, 'service_not_found')
      return s
    },
    () => ({ action: 'service.update', target: { type: 'service', id }, detail: { ...b } }),
  )
}

async function checkService(deps: AppDeps, id: number | null | undefined): Promise<void> {
  if (id != null && !(await getService(deps.db, id))) throw new AppError(404, 'service_not_found')
}

export async function addTouchpoint(c: C, deps: AppDeps, b: z.infer<typeof touchpointBody>): Promise<TouchpointView> {
  const unit = await getUnit(deps.db, b.unit)
  if (!unit) throw new AppError(404, 'unit_not_found')
  assertCanManage(c, unit)
  if (!deps.surveys.has(b.survey)) throw new AppError(404, 'survey_not_found')
  await checkService(deps, b.service)
  const tp = await audited(
    deps.db,
    c,
    (trx) => createTouchpoint(trx, { unitId: b.unit, serviceId: b.service ?? null, surveyId: b.survey, label: b.label }),
    (tp) => ({ action: 'touchpoint.create', target: { type: 'touchpoint', id: tp.id }, detail: { ...b } }),
  )
  return (await getTouchpoint(deps.db, tp.id))!
}

/** A touchpoint its user may manage: 404 when it does not exist, 403 when its unit is not theirs. */
export async function manageableTouchpoint(c: C, deps: AppDeps, id: number): Promise<TouchpointView> {
  const tp = await getTouchpoint(deps.db, id)
  if (!tp) throw new AppError(404, 'touchpoint_not_found')
  assertCanManage(c, { path: tp.unit_path })
  return tp
}

export async function editTouchpoint(c: C, deps: AppDeps, id: number, b: z.infer<typeof touchpointPatchBody>): Promise<TouchpointView> {
  const tp = await manageableTouchpoint(c, deps, id)
  await checkService(deps, b.service)
  if (b.kiosk && !tp.kiosk) assertKioskSurvey(deps, tp.survey_id)
  // A unit's managers run its touchpoints; how much one client may send is the province's call.
  if (b.rate_limit_per_minute !== undefined && !c.get('access').admin) throw new AppError(403, 'forbidden')
  return audited(
    deps.db,
    c,
    async (trx) => (await updateTouchpoint(trx, id, { label: b.label, serviceId: b.service, retiredOn: b.retired_on, kiosk: b.kiosk, rateLimitPerMinute: b.rate_limit_per_minute }))!,
    () => ({ action: 'touchpoint.update', target: { type: 'touchpoint', id }, detail: { ...b } }),
  )
}

/** A kiosk shows one rated question first and sends without the rest: a survey with more required items cannot run unattended. */
function assertKioskSurvey(deps: AppDeps, surveyId: string): void {
  const def = deps.surveys.get(surveyId)
  if (!def || !kioskQuestion(def)) throw new AppError(409, 'kiosk_unsuitable')
}

/** A shipped default stays as the plans state it: an administrator supersedes it with a new target instead. */
export function isDefaultTarget(t: Target): boolean {
  return DEFAULT_TARGETS.some((d) => d.sector === t.sector && d.unitId === t.unitId && d.validFrom === t.validFrom && d.source === t.source && d.threshold === t.threshold)
}

export async function addTarget(c: C, deps: AppDeps, b: z.infer<typeof targetBody>): Promise<Target> {
  if (b.unit != null && !(await getUnit(deps.db, b.unit))) throw new AppError(404, 'unit_not_found')
  const draft = { sector: b.sector ?? null, unitId: b.unit ?? null, threshold: b.threshold, validFrom: b.valid_from, source: b.source }
  await assertNoSameStart(deps, draft)
  const target = await audited(
    deps.db,
    c,
    (trx) => createTarget(trx, draft),
    (t) => ({ action: 'target.create', target: { type: 'target', id: t.id! }, detail: { ...b } }),
  )
  await deps.reloadTargets()
  return target
}

/** Two targets of one scope starting the same day would leave it unclear which applies. */
async function assertNoSameStart(deps: AppDeps, t: Target): Promise<void> {
  const clash = (await listTargets(deps.db)).find((o) => o.id !== t.id && scopeOf(o) === scopeOf(t) && o.validFrom === t.validFrom)
  if (clash) throw new AppError(409, 'target_same_start')
}

async function editableTarget(deps: AppDeps, id: number): Promise<Target> {
  const target = await getTarget(deps.db, id)
  if (!target) throw new AppError(404, 'target_not_found')
  if (isDefaultTarget(target)) throw new AppError(409, 'target_default')
  return target
}

export async function editTarget(c: C, deps: AppDeps, id: number, b: z.infer<typeof targetPatchBody>): Promise<Target> {
  const old = await editableTarget(deps, id)
  if (b.valid_from !== undefined) await assertNoSameStart(deps, { ...old, validFrom: b.valid_from })
  const target = await audited(
    deps.db,
    c,
    async (trx) => (await updateTarget(trx, id, { threshold: b.threshold, validFrom: b.valid_from, source: b.source }))!,
    () => ({ action: 'target.update', target: { type: 'target', id }, detail: { ...b } }),
  )
  await deps.reloadTargets()
  return target
}

export async function removeTarget(c: C, deps: AppDeps, id: number): Promise<void> {
  const old = await editableTarget(deps, id)
  await audited(
    deps.db,
    c,
    (trx) => deleteTarget(trx, id),
    () => ({ action: 'target.delete', target: { type: 'target', id }, detail: { sector: old.sector, unit: old.unitId, threshold: old.threshold, valid_from: old.validFrom, source: old.source } }),
  )
  await deps.reloadTargets()
}
