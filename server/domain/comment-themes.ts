/**
 * The main themes of citizens' comments, for the period report: a small
 * dictionary of Vietnamese phrases per theme, matched without regard to
 * diacritics or case (many people type without accents), on whole words.
 *
 * Stripping diacritics merges words: "chật" and "chất", "tiền" and "tiện",
 * "cáu" and "cầu", "mạng" and "mang", "nóng" and "nông". So a theme only lists
 * words or phrases that stay unambiguous without accents ("chật chội", "lệ
 * phí", "cáu gắt", "lỗi mạng", "nóng quá"), never the bare short word. A
 * positive phrase right after a negation ("không hài lòng", "chưa nhanh")
 * does not count. A comment counts once per theme it mentions.
 */

export const THEME_KEYS = ['waiting', 'attitude', 'guidance', 'facilities', 'fees', 'online', 'positive'] as const
export type ThemeKey = (typeof THEME_KEYS)[number]

const PHRASES: Record<ThemeKey, string[]> = {
  waiting: ['chờ lâu', 'đợi lâu', 'lâu quá', 'quá lâu', 'thời gian chờ', 'trễ hẹn', 'chậm trễ', 'xếp hàng', 'hẹn lại'],
  attitude: ['thái độ', 'niềm nở', 'cáu gắt', 'cau có', 'gắt gỏng', 'khó chịu', 'hách dịch', 'thờ ơ'],
  guidance: ['hướng dẫn', 'giải thích', 'không rõ', 'chưa rõ', 'khó hiểu', 'thủ tục rườm rà'],
  facilities: ['vệ sinh', 'nhà vệ sinh', 'chỗ ngồi', 'ghế ngồi', 'chỗ để xe', 'bãi xe', 'nóng quá', 'nóng bức', 'nóng nực', 'điều hòa', 'chật chội', 'chật hẹp'],
  fees: ['phí', 'lệ phí', 'chi phí', 'thu tiền', 'mất tiền', 'tốn tiền', 'tiền phạt', 'bồi dưỡng'],
  online: ['trực tuyến', 'cổng dịch vụ công', 'lỗi mạng', 'mạng chậm', 'mất mạng', 'đường truyền', 'phần mềm', 'hệ thống lỗi', 'online'],
  positive: ['tận tình', 'nhanh', 'nhanh chóng', 'hài lòng', 'chu đáo', 'nhiệt tình', 'cảm ơn', 'tốt'],
}

/** Lower case, without diacritics: "Thái độ" → "thai do", "Đợi" → "doi". */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase()
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const NEGATION = '(?<!\\b(?:khong|chua|chang|kem|it|thieu)\\s)'

const MATCHERS: [ThemeKey, RegExp][] = THEME_KEYS.map((key) => {
  const alts = PHRASES[key].map((p) => foldVietnamese(p).split(/\s+/).map(escape).join('\\s+')).join('|')
  return [key, new RegExp(`${key === 'positive' ? NEGATION : ''}\\b(?:${alts})\\b`)]
})

/** The themes one comment mentions. */
export function themesOf(text: string): ThemeKey[] {
  const folded = foldVietnamese(text)
  return MATCHERS.filter(([, re]) => re.test(folded)).map(([key]) => key)
}

export interface ThemeCount {
  theme: ThemeKey
  count: number
}

/** Counts over comments (each a response's texts joined); most frequent first, zeros kept, "positive" last. */
export function countThemes(comments: Iterable<string>): { counts: ThemeCount[]; total: number; unthemed: number } {
  const counts = new Map<ThemeKey, number>(THEME_KEYS.map((k) => [k, 0]))
  let total = 0
  let unthemed = 0
  for (const c of comments) {
    total += 1
    const themes = themesOf(c)
    if (!themes.length) unthemed += 1
    for (const t of themes) counts.set(t, counts.get(t)! + 1)
  }
  const list = [...counts.entries()].map(([theme, count]) => ({ theme, count }))
  const rank = (x: ThemeCount) => (x.theme === 'positive' ? 1 : 0)
  list.sort((a, b) => rank(a) - rank(b) || b.count - a.count || THEME_KEYS.indexOf(a.theme) - THEME_KEYS.indexOf(b.theme))
  return { counts: list, total, unthemed }
}
