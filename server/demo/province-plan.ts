/**
 * The shape of a large synthetic province for load and scale tests:
 * provincial departments with one-stop counters; districts with their
 * one-stop shop and hospital; communes with a one-stop counter, a health
 * station and schools. Names are made up from Vietnamese place-name syllables.
 */
import type { Sector } from '../domain/survey-types.ts'
import { pick, type Rng } from './random.ts'

export interface PlannedTouchpoint {
  label: string
  survey: string
  service: string | null
  /** Relative share of the province's responses. */
  weight: number
}

export interface PlannedUnit {
  name: string
  type: string
  sector: Sector | null
  code: string
  quality: number
  touchpoints: PlannedTouchpoint[]
  children: PlannedUnit[]
}

const SYLLABLES = ['An', 'Bình', 'Hòa', 'Phú', 'Thạnh', 'Long', 'Tân', 'Phước', 'Mỹ', 'Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Hưng', 'Thuận', 'Lộc', 'Quang', 'Vĩnh', 'Xuân', 'Hải', 'Sơn', 'Lâm', 'Thủy', 'Đức', 'Minh', 'Thành', 'Phong', 'Cát', 'Hiệp']

const place = (rng: Rng) => `${pick(rng, SYLLABLES)} ${pick(rng, SYLLABLES)}`
/** Unit quality: most units do well, a tail does not, so verdicts differ. */
const quality = (rng: Rng) => Math.min(0.995, 0.8 + 0.18 * Math.sqrt(rng()) - (rng() < 0.1 ? 0.15 : 0))

export const GENERATED_SERVICES: { key: string; name: string; sector: Sector }[] = [
  { key: 'hotich', name: 'Hộ tịch', sector: 'administrative' },
  { key: 'chungthuc', name: 'Chứng thực', sector: 'administrative' },
  { key: 'datdai', name: 'Đất đai', sector: 'administrative' },
  { key: 'kinhdoanh', name: 'Đăng ký kinh doanh', sector: 'administrative' },
  { key: 'ngoaitru', name: 'Khám bệnh ngoại trú', sector: 'health' },
  { key: 'noitru', name: 'Điều trị nội trú', sector: 'health' },
  { key: 'giaoduc', name: 'Giáo dục phổ thông', sector: 'education' },
]

const counters = (n: number, busy: number): PlannedTouchpoint[] =>
  Array.from({ length: n }, (_, i) => ({ label: `Quầy số ${i + 1}`, survey: 'counter-rating', service: GENERATED_SERVICES[i % 4]!.key, weight: busy }))

export function planProvince(rng: Rng, opts: { districts: number; communes: number; departments: number }): PlannedUnit {
  let seq = 0
  const code = (prefix: string) => `${prefix}${String(++seq).padStart(6, '0')}`
  const unit = (name: string, type: string, sector: Sector | null, touchpoints: PlannedTouchpoint[], children: PlannedUnit[] = []): PlannedUnit => ({
    name,
    type,
    sector,
    code: code('G'),
    quality: quality(rng),
    touchpoints,
    children,
  })
  const departments = Array.from({ length: opts.departments }, (_, i) =>
    unit(`Sở ${place(rng)} ${i + 1}`, 'department', null, [], [unit(`Bộ phận Một cửa Sở ${i + 1}`, 'one-stop', 'administrative', counters(2, 4))]),
  )
  const districts = Array.from({ length: opts.districts }, (_, d) => {
    const name = `${place(rng)} ${d + 1}`
    const communes = Array.from({ length: opts.communes }, (_, c) => {
      const cname = `${place(rng)} ${d + 1}.${c + 1}`
      return unit(`UBND xã ${cname}`, 'commune', null, [], [
        unit(`Bộ phận Một cửa xã ${cname}`, 'one-stop', 'administrative', counters(2, 3)),
        unit(`Trạm Y tế xã ${cname}`, 'health-station', 'health', [{ label: 'Khám bệnh', survey: 'health-outpatient', service: 'ngoaitru', weight: 0.25 }]),
        unit(`Trường Tiểu học ${cname}`, 'school', 'education', [{ label: 'Cổng trường', survey: 'education-parents', service: 'giaoduc', weight: 0.1 }]),
        unit(`Trường THCS ${cname}`, 'school', 'education', [{ label: 'Cổng trường', survey: 'education-parents', service: 'giaoduc', weight: 0.1 }]),
      ])
    })
    return unit(`UBND huyện ${name}`, 'district', null, [], [
      unit(`Bộ phận Một cửa huyện ${name}`, 'one-stop', 'administrative', counters(4, 6)),
      unit(`Bệnh viện đa khoa huyện ${name}`, 'hospital', 'health', [
        { label: 'Khoa Khám bệnh', survey: 'health-outpatient', service: 'ngoaitru', weight: 1.5 },
        { label: 'Khoa Nội', survey: 'health-inpatient', service: 'noitru', weight: 0.5 },
      ]),
      ...communes,
    ])
  })
  return unit('Tỉnh Mẫu Lớn (dữ liệu sinh tự động)', 'province', null, [], [...departments, ...districts])
}
