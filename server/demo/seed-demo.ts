/**
 * The demo province: departments and communes with one-stop counters, a
 * hospital, a commune health station and schools, their services, and a year
 * of plausible responses up to yesterday. Deterministic: the same seed gives
 * the same province on every machine.
 */
import type { Kysely } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import { addDays, localDay } from '../domain/local-day.ts'
import type { Sector } from '../domain/survey-types.ts'
import { bodyHash } from '../responses/submit-response.ts'
import { recordResponses, type ResponseRecord } from '../store/record-responses.ts'
import { createService } from '../store/services.ts'
import { createTouchpoint } from '../store/touchpoints.ts'
import { createUnit } from '../store/units.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import { mulberry32, poisson, uuidFrom } from './random.ts'
import { syntheticAnswers } from './synthetic-answers.ts'

interface TouchpointPlan {
  label: string
  survey: string
  service?: string
  /** Mean responses on a working day. */
  perDay: number
}

interface UnitPlan {
  name: string
  type: string
  sector: Sector | null
  code?: string
  /** Probability that a respondent is satisfied: each unit has its own level. */
  quality?: number
  touchpoints?: TouchpointPlan[]
  children?: UnitPlan[]
}

const SERVICES: { key: string; name: string; sector: Sector; code?: string }[] = [
  { key: 'chungthuc', name: 'Chứng thực bản sao từ bản chính', sector: 'administrative', code: '2.000815' },
  { key: 'khaisinh', name: 'Đăng ký khai sinh', sector: 'administrative', code: '1.001193' },
  { key: 'kethon', name: 'Đăng ký kết hôn', sector: 'administrative', code: '1.000894' },
  { key: 'xaydung', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', sector: 'administrative' },
  { key: 'datdai', name: 'Đăng ký đất đai, tài sản gắn liền với đất lần đầu', sector: 'administrative' },
  { key: 'ngoaitru', name: 'Khám bệnh ngoại trú', sector: 'health' },
  { key: 'noitru', name: 'Điều trị nội trú', sector: 'health' },
  { key: 'thcs', name: 'Giáo dục trung học cơ sở', sector: 'education' },
  { key: 'tieuhoc', name: 'Giáo dục tiểu học', sector: 'education' },
]

const onestop = (place: string, quality: number, counters: [string, string][], extra: TouchpointPlan[] = []): UnitPlan => ({
  name: `Bộ phận Một cửa ${place}`,
  type: 'one-stop',
  sector: 'administrative',
  quality,
  touchpoints: [...counters.map(([label, service]) => ({ label, survey: 'counter-rating', service, perDay: 9 })), ...extra],
})

export const DEMO_PROVINCE: UnitPlan = {
  name: 'Tỉnh Hòa An (dữ liệu mẫu)',
  type: 'province',
  sector: null,
  code: 'DEMO',
  children: [
    {
      name: 'Trung tâm Phục vụ hành chính công tỉnh',
      type: 'service-centre',
      sector: 'administrative',
      quality: 0.95,
      touchpoints: [
        { label: 'Quầy 1 — Tư pháp', survey: 'counter-rating', service: 'chungthuc', perDay: 14 },
        { label: 'Quầy 4 — Xây dựng', survey: 'counter-rating', service: 'xaydung', perDay: 6 },
        { label: 'Quầy 7 — Đất đai', survey: 'counter-rating', service: 'datdai', perDay: 10 },
        { label: 'Khảo sát SIPAS tại Trung tâm', survey: 'sipas', perDay: 1.2 },
      ],
    },
    {
      name: 'Sở Y tế',
      type: 'department',
      sector: 'health',
      children: [
        {
          name: 'Bệnh viện Đa khoa tỉnh Hòa An',
          type: 'hospital',
          sector: 'health',
          quality: 0.86,
          touchpoints: [
            { label: 'Khoa Khám bệnh', survey: 'health-outpatient', service: 'ngoaitru', perDay: 4 },
            { label: 'Khoa Nội tổng hợp', survey: 'health-inpatient', service: 'noitru', perDay: 1.5 },
            { label: 'Khoa Ngoại', survey: 'health-inpatient', service: 'noitru', perDay: 1.2 },
          ],
        },
      ],
    },
    {
      name: 'Sở Giáo dục và Đào tạo',
      type: 'department',
      sector: 'education',
      children: [
        { name: 'Trường THCS Hòa An', type: 'school', sector: 'education', quality: 0.88, touchpoints: [{ label: 'Cổng trường', survey: 'education-parents', service: 'thcs', perDay: 0.8 }] },
      ],
    },
    {
      name: 'Xã An Phú',
      type: 'commune',
      sector: 'administrative',
      children: [
        onestop('xã An Phú', 0.97, [['Quầy tiếp nhận 1', 'khaisinh'], ['Quầy tiếp nhận 2', 'chungthuc']]),
        { name: 'Trạm Y tế xã An Phú', type: 'health-station', sector: 'health', quality: 0.9, touchpoints: [{ label: 'Phòng khám', survey: 'health-outpatient', service: 'ngoaitru', perDay: 1 }] },
      ],
    },
    {
      name: 'Phường Bình Minh',
      type: 'commune',
      sector: 'administrative',
      children: [
        onestop('phường Bình Minh', 0.9, [['Quầy 1', 'khaisinh'], ['Quầy 2', 'kethon'], ['Quầy 3', 'datdai']], [{ label: 'Khảo sát SIPAS', survey: 'sipas', perDay: 0.8 }]),
        { name: 'Trường Tiểu học Bình Minh', type: 'school', sector: 'education', quality: 0.78, touchpoints: [{ label: 'Cổng trường', survey: 'education-parents', service: 'tieuhoc', perDay: 0.7 }] },
      ],
    },
    {
      name: 'Xã Tân Lập',
      type: 'commune',
      sector: 'administrative',
      children: [onestop('xã Tân Lập', 0.84, [['Quầy tiếp nhận', 'chungthuc']])],
    },
  ],
}

/** Opening-hour weights (7:00–17:00), busier mid-morning. */
const HOURS = [7, 8, 8, 9, 9, 9, 10, 10, 10, 11, 13, 14, 14, 15, 15, 16]

export interface DemoSummary {
  units: number
  touchpoints: { code: string; label: string; unit: string; survey: string }[]
  responses: number
}

export async function seedDemo(db: Kysely<Database>, dialect: DialectName, surveys: SurveyCatalogue, opts: { days?: number; seed?: number; today?: string } = {}): Promise<DemoSummary> {
  const rng = mulberry32(opts.seed ?? 20251122)
  const days = opts.days ?? 365
  const lastDay = addDays(opts.today ?? localDay(new Date()), -1)
  const services = new Map<string, number>()
  for (const s of SERVICES) services.set(s.key, (await createService(db, { name: s.name, sector: s.sector, code: s.code ?? null })).id)

  const summary: DemoSummary = { units: 0, touchpoints: [], responses: 0 }
  const plans: { tp: { id: number; code: string; unit_id: number; service_id: number | null }; plan: TouchpointPlan; quality: number }[] = []
  const walk = async (plan: UnitPlan, parentId: number | null) => {
    const unit = await createUnit(db, { name: plan.name, type: plan.type, sector: plan.sector, parentId, code: plan.code ?? null })
    summary.units++
    for (const tpPlan of plan.touchpoints ?? []) {
      if (!surveys.has(tpPlan.survey)) continue
      const tp = await createTouchpoint(db, { unitId: unit.id, serviceId: tpPlan.service ? services.get(tpPlan.service)! : null, surveyId: tpPlan.survey, label: tpPlan.label })
      plans.push({ tp, plan: tpPlan, quality: plan.quality ?? 0.9 })
      summary.touchpoints.push({ code: tp.code, label: tpPlan.label, unit: plan.name, survey: tpPlan.survey })
    }
    for (const child of plan.children ?? []) await walk(child, unit.id)
  }
  await walk(DEMO_PROVINCE, null)

  let batch: ResponseRecord[] = []
  const flush = async () => {
    if (!batch.length) return
    const records = batch
    batch = []
    await db.transaction().execute((trx) => recordResponses(trx, { dialect, surveys }, records))
  }
  for (let d = days; d >= 1; d--) {
    const day = addDays(lastDay, 1 - d)
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
    if (weekday === 0) continue
    // Saturday mornings only; a slow drift over the year so trends have something to show.
    const load = weekday === 6 ? 0.4 : 1
    const drift = 0.03 * Math.sin((2 * Math.PI * d) / 365)
    for (const { tp, plan, quality } of plans) {
      const def = surveys.get(plan.survey)!
      const count = poisson(rng, plan.perDay * load)
      for (let k = 0; k < count; k++) {
        const { answers, comment } = syntheticAnswers(def, Math.min(0.995, quality + drift), rng)
        const hour = HOURS[Math.floor(rng() * HOURS.length)]! - 7 // UTC = local − 7
        const at = new Date(`${day}T${String((hour + 24) % 24).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}:00Z`)
        batch.push({
          uid: uuidFrom(rng),
          touchpointId: tp.id,
          unitId: tp.unit_id,
          serviceId: tp.service_id,
          surveyId: def.id,
          surveyVersion: def.version,
          channel: 'form',
          lang: 'vi',
          day,
          receivedAt: at.toISOString(),
          bodyHash: bodyHash(tp.code, answers, comment),
          comment,
          answers,
        })
        summary.responses++
      }
      if (batch.length >= 2000) await flush()
    }
  }
  await flush()
  return summary
}
