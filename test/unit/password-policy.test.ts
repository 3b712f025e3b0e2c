import { describe, expect, it } from 'vitest'
import { MIN_PASSWORD_LENGTH, passwordWeakness } from '../../server/domain/password-policy.ts'
import { CATALOGUES } from '../../web/i18n/messages.ts'

describe('password policy', () => {
  it('asks for at least ten characters, counted as people count them', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10)
    expect(passwordWeakness('sông Hồng9', 'lan')).toBeNull()
    expect(passwordWeakness('sông Hồng', 'lan')).toBe('too_short')
    // Ten characters, eleven UTF-16 units once decomposed: still ten.
    expect(passwordWeakness('Đà Nẵng 12'.normalize('NFD'), 'lan')).toBeNull()
    expect(passwordWeakness('x'.repeat(1001), 'lan')).toBe('too_long')
  })

  it('refuses the username inside the password, whatever the case', () => {
    expect(passwordWeakness('NguyenVanA-2026', 'nguyenvana')).toBe('contains_username')
    expect(passwordWeakness('my own long phrase', 'phrase')).toBe('contains_username')
    // A two-letter name would forbid too much to be a rule.
    expect(passwordWeakness('abacus trees', 'ab')).toBeNull()
  })

  it('refuses the very common passwords, whatever the case', () => {
    for (const p of ['1234567890', 'Password123', 'matkhau@123', 'QWERTYUIOP']) expect(passwordWeakness(p, 'lan'), p).toBe('common')
    expect(passwordWeakness('correct horse battery staple', 'lan')).toBeNull()
  })

  it('has a message for every reason in every language', () => {
    for (const reason of ['too_short', 'too_long', 'contains_username', 'common']) {
      for (const cat of Object.values(CATALOGUES)) expect(cat[`account.weak.${reason}` as keyof typeof cat], reason).toBeTruthy()
    }
  })
})
