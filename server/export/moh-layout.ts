/**
 * The column layout of the Ministry of Health's online patient-satisfaction
 * system (hailong.chatluongbenhvien.vn, forms of QĐ 56/QĐ-BYT 2024 that
 * replace Mẫu 1 and 2 of QĐ 3869/QĐ-BYT), one row per patient, so a hospital
 * can hand its records over without retyping them.
 *
 * What is verified and what is assumed: the Ministry publishes no import
 * specification (shared/methodology.md §2.7, [NF]). The column names and
 * their order below follow the spreadsheet layout that public tools use to
 * submit records to the portal's webforms ([R]: one public source's header
 * lists for NOI_TRU and NGOAI_TRU, agreeing with the form's item codes A1…E,
 * G1, G2 and texts as G3, G4). Assumed by hailong: KIEU_KHAO_SAT = 1
 * ("bệnh viện tự đánh giá hàng tháng/quý") and NGUOI_PHONG_VAN = 1 ("người
 * bệnh tự điền"), since citizens fill hailong's forms themselves; code 0 kept
 * for "không sử dụng, không ý kiến"; our H1, H2 texts go to G3, G4 (masked,
 * and only with comments=1); MA_SO_PHIEU is the file's row number (that
 * source writes it "MA_SO _PHIEU", which we take for a typo). hailong does not
 * ask the demographic questions, so those columns stay empty.
 */
import type { SurveyDefinition } from '../domain/survey-types.ts'
import { allItems } from '../domain/survey-types.ts'
import type { CellSource, Lookups, ResponseColumn } from './response-columns.ts'

const OUTPATIENT_HEAD = ['KIEU_KHAO_SAT', 'MA_SO_PHIEU', 'TEN_BENH_VIEN', 'NGAY_DIEN_PHIEU', 'NGUOI_PHONG_VAN', 'NGUOI_TRA_LOI', 'GIOI_TINH', 'TUOI', 'NAM_SINH', 'SO_DIEN_THOAI', 'KHOANG_CACH_DEN_BV', 'SU_DUNG_BHYT', 'NOI_SONG', 'MUC_SONG', 'LAN_KHAM']
const INPATIENT_HEAD = ['KIEU_KHAO_SAT', 'MA_SO_PHIEU', 'TEN_BENH_VIEN', 'NGAY_DIEN_PHIEU', 'NGUOI_PHONG_VAN', 'NGUOI_TRA_LOI', 'TENKHOA_TRUOC_RAVIEN', 'MA_KHOA', 'GIOI_TINH', 'TUOI', 'NAM_SINH', 'SO_DIEN_THOAI', 'SO_NGAY_NAM_VIEN', 'SU_DUNG_BHYT', 'NOI_SONG', 'MUC_SONG', 'LAN_DIEU_TRI']

/** The instruments with a Ministry layout, and the item whose "other" text follows it (E5.1, E7.1). */
export const MOH_SURVEYS: Record<string, { head: string[]; cost: string }> = {
  'health-outpatient': { head: OUTPATIENT_HEAD, cost: 'E5' },
  'health-inpatient': { head: INPATIENT_HEAD, cost: 'E7' },
}

const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`

export function mohColumns(def: SurveyDefinition, look: Lookups, comments: boolean): ResponseColumn[] | null {
  const layout = MOH_SURVEYS[def.id]
  if (!layout) return null
  const field = (header: string, source: CellSource): ResponseColumn => ({ header, describe: { kind: 'field', key: `moh.${header}` }, source })
  const empty: CellSource = { from: 'constant', value: null }
  const head: Record<string, CellSource> = {
    KIEU_KHAO_SAT: { from: 'constant', value: 1 },
    MA_SO_PHIEU: { from: 'row' },
    TEN_BENH_VIEN: { from: 'context', value: (c) => look.units.get(c.unit_id)?.name ?? null },
    NGAY_DIEN_PHIEU: { from: 'day', value: dmy },
    NGUOI_PHONG_VAN: { from: 'constant', value: 1 },
  }
  const cols = layout.head.map((h) => field(h, head[h] ?? empty))
  const num = (code: string): ResponseColumn => ({ header: code, format: code === 'G1' ? 'num' : 'int', describe: { kind: 'item', code }, source: { from: 'number', item: code } })
  const text = (header: string, code: string): ResponseColumn => ({ header, describe: { kind: 'item', code }, source: comments ? { from: 'text', item: code } : empty })
  for (const item of allItems(def)) {
    if (item.type === 'text' || item.code === 'G1' || item.code === 'G2') continue
    cols.push(num(item.code))
    if (item.code === layout.cost) cols.push(field(`${item.code}.1`, empty))
  }
  cols.push(num('G1'), num('G2'), field('G2.1', empty), text('G3', 'H1'), text('G4', 'H2'))
  return cols
}
