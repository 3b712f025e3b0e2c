/**
 * Fills a database with a large synthetic province: thousands of units and
 * any number of responses over several years, with per-unit quality, fewer
 * answers on Saturdays and none on Sundays, a morning peak, a slow seasonal
 * drift and comments from the unhappy. For benchmarks and capacity tests;
 * the small demo province (seed-demo.ts) is what `npm start` shows.
 *
 * Responses go in as multi-row inserts with ids assigned here, and their
 * rollups are summed in memory per month and written at each month's end:
 * the same rows the live write path keeps, produced without a round trip per
 * response. `npm run rollups -- verify` checks them against a recount.
 */
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import { addDays, localDay } from '../domain/local-day.ts'
import { addToRollups, Buckets } from '../store/rollups.ts'
import { createService } from '../store/services.ts'
import { createTouchpoint } from '../store/touchpoints.ts'
import { createUnit } from '../store/units.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { GENERATED_SERVICES, planProvince, type PlannedUnit } from './province-plan.ts'
import { mulberry32, poisson, uuidFrom } from './random.ts'
import { syntheticAnswers } from './synthetic-answers.ts'

export interface GenerateOptions {
  responses: number
  years?: number
  districts?: number
  communes?: number
  departments?: number
  seed?: number
  /** The last day with responses (default yesterday). */
  lastDay?: string
  onProgress?: (done: number) => void
}

interface LiveTouchpoint {
  id: number
  unitId: number
  serviceId: number | null
  surveyId: string
  weight: number
  quality: number
}

const HOUR_WEIGHTS = [0, 0, 0, 0, 0, 0, 0, 3, 9, 10, 9, 6, 2, 1, 7, 8, 7, 4, 1, 0, 0, 0, 0, 0]
const HOURS = HOUR_WEIGHTS.flatMap((w, h) => Array(w).fill(h) as number[])
const ROWS_PER_INSERT = 1000

export async function generateProvince(db: Kysely<Database>, dialect: DialectName, surveys: SurveyCatalogue, opts: GenerateOptions) {
  const rng = mulberry32(opts.seed ?? 20261122)
  const plan = planProvince(rng, { districts: opts.districts ?? 20, communes: opts.communes ?? 25, departments: opts.departments ?? 15 })
  const services = new Map<string, number>()
  for (const s of GENERATED_SERVICES) services.set(s.key, (await createService(db, { name: s.name, sector: s.sector, code: null })).id)

  const touchpoints: LiveTouchpoint[] = []
  let units = 0
  const walk = async (u: PlannedUnit, parentId: number | null): Promise<void> => {
    const unit = await createUnit(db, { name: u.name, type: u.type, sector: u.sector, parentId, code: u.code })
    units++
    for (const tp of u.touchpoints) {
      if (!surveys.has(tp.survey)) continue
      const row = await createTouchpoint(db, { unitId: unit.id, serviceId: tp.service ? services.get(tp.service)! : null, surveyId: tp.survey, label: tp.label })
      touchpoints.push({ id: row.id, unitId: unit.id, serviceId: row.service_id, surveyId: tp.survey, weight: tp.weight, quality: u.quality })
    }
    for (const child of u.children) await walk(child, unit.id)
  }
  await walk(plan, null)

  const lastDay = opts.lastDay ?? addDays(localDay(new Date()), -1)
  const days = Math.round((opts.years ?? 2) * 365)
  const dayWeight = (day: string) => [0, 1, 1, 1, 1, 1, 0.4][new Date(`${day}T00:00:00Z`).getUTCDay()]!
  let totalWeight = 0
  for (let d = 0; d < days; d++) totalWeight += dayWeight(addDays(lastDay, -d))
  const tpWeight = touchpoints.reduce((s, t) => s + t.weight, 0)
  const perUnitWeight = opts.responses / (totalWeight * tpWeight)

  const first = await db.selectFrom('responses').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst()
  let nextId = Number(first?.max ?? 0) + 1
  let written = 0
  let responses: Database['responses'][] = []
  let answers: Database['answers'][] = []
  let buckets = new Buckets(surveys)
  let month = ''

  const flushRows = async () => {
    if (!responses.length) return
    const [r, a] = [responses, answers]
    responses = []
    answers = []
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < r.length; i += ROWS_PER_INSERT) await trx.insertInto('responses').values(r.slice(i, i + ROWS_PER_INSERT) as never).execute()
      for (let i = 0; i < a.length; i += ROWS_PER_INSERT * 4) await trx.insertInto('answers').values(a.slice(i, i + ROWS_PER_INSERT * 4)).execute()
    })
    opts.onProgress?.(written)
  }
  const flushMonth = async () => {
    await flushRows()
    const done = buckets.sorted()
    buckets = new Buckets(surveys)
    await db.transaction().execute((trx) => addToRollups(trx, dialect, surveys, done))
  }

  for (let d = days - 1; d >= 0; d--) {
    const day = addDays(lastDay, -d)
    if (day.slice(0, 7) !== month) {
      await flushMonth()
      month = day.slice(0, 7)
    }
    const load = dayWeight(day)
    if (!load) continue
    const drift = 0.02 * Math.sin((2 * Math.PI * d) / 365)
    for (const tp of touchpoints) {
      const count = poisson(rng, tp.weight * load * perUnitWeight)
      const def = surveys.get(tp.surveyId)!
      for (let k = 0; k < count; k++) {
        const { answers: given, comment } = syntheticAnswers(def, Math.min(0.995, tp.quality + drift), rng)
        const hour = HOURS[Math.floor(rng() * HOURS.length)]!
        const at = new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3600_000 + Math.floor(rng() * 3600_000))
        const id = nextId++
        responses.push({
          id,
          uid: uuidFrom(rng),
          touchpoint_id: tp.id,
          unit_id: tp.unitId,
          service_id: tp.serviceId,
          survey_id: def.id,
          survey_version: def.version,
          channel: 'form',
          lang: 'vi',
          day,
          received_at: at.toISOString(),
          body_hash: 'generated',
          comment,
          status: 'ok',
        } as never)
        for (const [item, v] of Object.entries(given)) answers.push({ response_id: id, item, value_num: typeof v === 'number' ? v : null, value_text: typeof v === 'string' ? v : null })
        buckets.add({ surveyId: def.id, day, touchpointId: tp.id, unitId: tp.unitId, serviceId: tp.serviceId, answers: given })
        written++
      }
      if (responses.length >= 20_000) await flushRows()
    }
  }
  await flushMonth()
  // PostgreSQL hands out ids from a sequence that the explicit ids above did not advance.
  if (dialect === 'postgres') await sql`select setval(pg_get_serial_sequence('responses', 'id'), (select coalesce(max(id), 1) from responses))`.execute(db)
  return { units, touchpoints: touchpoints.length, responses: written }
}
