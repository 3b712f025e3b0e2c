/**
 * Masking of what identifies a citizen in a comment: phone numbers in the
 * ways people write them, e-mail addresses, CCCD and CMND numbers; and the
 * numbers a comment needs kept (years, amounts, dates, times, counters).
 */
import { describe, expect, it } from 'vitest'
import { MASK, maskPii } from '../../server/domain/mask-pii.ts'

describe('maskPii', () => {
  it.each([
    ['Gọi lại cho tôi số 0912345678 nhé', 'Gọi lại cho tôi số ••• nhé'],
    ['SĐT: 0912 345 678', 'SĐT: •••'],
    ['sđt 0912.345.678 (Lan)', 'sđt ••• (Lan)'],
    ['LH 091-234-5678', 'LH •••'],
    ['zalo:0987654321', 'zalo:•••'],
    ['số 035 123 4567 hoặc 0865.432.109', 'số ••• hoặc •••'],
    ['+84 912 345 678', '•••'],
    ['+84912345678', '•••'],
    ['84912345678', '•••'],
    ['+84 (0) 912 345 678', '•••'],
    ['(028) 3822 1234', '•••'],
    ['máy bàn 028.3822.1234', 'máy bàn •••'],
    ['0243 123 4567 giờ hành chính', '••• giờ hành chính'],
    ['đợi 2 0912345678', 'đợi 2 •••'],
    ['năm 2024 0912345678', 'năm 2024 •••'],
    ['0912 345 678 và 0987 654 321', '••• và •••'],
  ])('masks the phone number in %j', (text, masked) => {
    expect(maskPii(text)).toBe(masked)
  })

  it.each([
    ['CCCD 079123456789', 'CCCD •••'],
    ['căn cước số 001 203 004 567', 'căn cước số •••'],
    ['CMND 025123456', 'CMND •••'],
    ['cmnd: 381234567.', 'cmnd: •••.'],
  ])('masks the identity number in %j', (text, masked) => {
    expect(maskPii(text)).toBe(masked)
  })

  it.each([
    ['email: nguyen.van.a@gmail.com, cảm ơn', 'email: •••, cảm ơn'],
    ['Gửi tranthib_1990@yahoo.com.vn giúp', 'Gửi ••• giúp'],
    ['mail hoa+phanhoi@dichvucong.gov.vn', 'mail •••'],
  ])('masks the e-mail address in %j', (text, masked) => {
    expect(maskPii(text)).toBe(masked)
  })

  it.each([
    'Phí chứng thực 50.000đ là hợp lý, năm 2024 đã tăng',
    'Nộp 1.500.000 đồng lệ phí ngày 12/05/2024',
    'Lệ phí 150000000 đồng là quá cao',
    'Hẹn ngày 2024-05-12 lúc 9:30 nhưng 10h15 mới xong',
    'Đợi 45 phút ở quầy số 3, phòng 101',
    'Từ năm 2020 đến 2024 vẫn chậm',
    'Tôi 65 tuổi, đi 12 km',
    'Phí 2,500,000 VND',
    'Hotline 1900 1234 không ai nghe',
    'Đánh giá 5/5 sao, 100%',
  ])('keeps %j as it is', (text) => {
    expect(maskPii(text)).toBe(text)
  })

  it('leaves text without numbers untouched and keeps the rest of a comment', () => {
    expect(maskPii('Cán bộ nhiệt tình, chu đáo.')).toBe('Cán bộ nhiệt tình, chu đáo.')
    const masked = maskPii('Chờ 2 tiếng, nộp 50.000đ, ai cần thì gọi 0912345678 hoặc mail a.b@c.vn')
    expect(masked).toBe(`Chờ 2 tiếng, nộp 50.000đ, ai cần thì gọi ${MASK} hoặc mail ${MASK}`)
    expect(masked).not.toMatch(/\d{6,}/)
  })
})
