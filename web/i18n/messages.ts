/**
 * The message catalogue: every string a person reads comes from here,
 * Vietnamese first, English second. A province adds a language by adding a
 * catalogue file with the same keys and listing it in CATALOGUES.
 */
import vi from './vi.json' with { type: 'json' }
import en from './en.json' with { type: 'json' }

export type MessageKey = keyof typeof vi
export type Catalogue = Record<MessageKey, string>

export const CATALOGUES: Record<string, Catalogue> = { vi, en }
export const DEFAULT_LANG = 'vi'
export const LANGUAGES = Object.keys(CATALOGUES)

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

/** A translator for one language; unknown languages read Vietnamese. */
export function translator(lang: string): Translate {
  const catalogue = CATALOGUES[lang] ?? CATALOGUES[DEFAULT_LANG]!
  return (key, params) => {
    const text = catalogue[key] ?? CATALOGUES[DEFAULT_LANG]![key] ?? key
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text
  }
}

/** The first supported language the request asks for: ?lang=, then Accept-Language; else Vietnamese. */
export function pickLanguage(query: string | undefined, acceptLanguage: string | undefined): string {
  if (query && CATALOGUES[query]) return query
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase().slice(0, 2)
    if (CATALOGUES[tag]) return tag
  }
  return DEFAULT_LANG
}
