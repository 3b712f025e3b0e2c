import { describe, expect, it } from 'vitest'
import { CATALOGUES, pickLanguage, translator } from '../../web/i18n/messages.ts'

describe('message catalogue', () => {
  it('has the same keys in every language, none empty', () => {
    const keys = Object.keys(CATALOGUES.vi!).sort()
    for (const [lang, cat] of Object.entries(CATALOGUES)) {
      expect(Object.keys(cat).sort(), lang).toEqual(keys)
      for (const [k, v] of Object.entries(cat)) expect(v.trim(), `${lang} ${k}`).not.toBe('')
    }
  })

  it('uses the same placeholders in every language', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()
    for (const key of Object.keys(CATALOGUES.vi!) as (keyof typeof CATALOGUES.vi)[]) {
      expect(holes(CATALOGUES.en![key]), key).toEqual(holes(CATALOGUES.vi![key]))
    }
  })

  it('fills placeholders and picks the language', () => {
    expect(translator('vi')('survey.step', { current: 2, total: 5 })).toBe('Phần 2/5')
    expect(translator('xx')('thanks.title')).toBe('Cảm ơn Ông/Bà!')
    expect(pickLanguage(undefined, 'en-US,en;q=0.9')).toBe('en')
    expect(pickLanguage('fr', 'fr')).toBe('vi')
    expect(pickLanguage('en', undefined)).toBe('en')
  })
})
