/** Comment themes: whole phrases, with or without diacritics, and no false friends once accents are gone. */
import { describe, expect, it } from 'vitest'
import { countThemes, foldVietnamese, themesOf } from '../../server/domain/comment-themes.ts'

describe('foldVietnamese', () => {
  it('drops diacritics and case, đ included', () => {
    expect(foldVietnamese('Thái Độ NIỀM NỞ, Đợi lâu')).toBe('thai do niem no, doi lau')
  })
})

describe('themesOf', () => {
  it('finds a theme written with or without accents', () => {
    expect(themesOf('Phải chờ lâu quá mới đến lượt')).toEqual(['waiting'])
    expect(themesOf('phai cho lau qua')).toEqual(['waiting'])
    expect(themesOf('Cán bộ THÁI ĐỘ khó chịu')).toEqual(['attitude'])
    expect(themesOf('Can bo huong dan khong ro rang')).toEqual(['guidance'])
    expect(themesOf('Nhà vệ sinh bẩn, không có chỗ để xe')).toEqual(['facilities'])
    expect(themesOf('Thu lệ phí cao')).toEqual(['fees'])
    expect(themesOf('Nộp hồ sơ trực tuyến bị lỗi mạng')).toEqual(['online'])
    expect(themesOf('Cán bộ tận tình, giải quyết nhanh')).toEqual(['positive'])
  })

  it('counts several themes in one comment', () => {
    expect(themesOf('Chờ lâu, thái độ cáu gắt nhưng hướng dẫn kỹ')).toEqual(['waiting', 'attitude', 'guidance'])
  })

  it('is not fooled by words that only differ by accents, or by parts of words', () => {
    expect(themesOf('Chất lượng phục vụ ổn')).toEqual([]) // chất ≠ chật
    expect(themesOf('Rất thuận tiện')).toEqual([]) // tiện ≠ tiền
    expect(themesOf('Yêu cầu mang theo căn cước')).toEqual([]) // cầu ≠ cáu, mang ≠ mạng
    expect(themesOf('Điền phiếu ở phía bên trái')).toEqual([]) // phiếu, phía ≠ phí
    expect(themesOf('Hội nông dân xã')).toEqual([]) // nông ≠ nóng
  })

  it('does not count a negated compliment as positive', () => {
    expect(themesOf('Tôi không hài lòng')).toEqual([])
    expect(themesOf('chua nhanh lam')).toEqual([])
    expect(themesOf('Rất hài lòng')).toEqual(['positive'])
  })
})

describe('countThemes', () => {
  it('counts comments per theme, complaints first by count, positive last', () => {
    const out = countThemes(['chờ lâu', 'đợi lâu quá, thái độ thờ ơ', 'cảm ơn cán bộ', 'không có ý kiến', 'lệ phí'])
    expect(out.total).toBe(5)
    expect(out.unthemed).toBe(1)
    expect(out.counts.slice(0, 3)).toEqual([{ theme: 'waiting', count: 2 }, { theme: 'attitude', count: 1 }, { theme: 'fees', count: 1 }])
    expect(out.counts.at(-1)).toEqual({ theme: 'positive', count: 1 })
    expect(out.counts).toHaveLength(7)
  })
})
