/**
 * The message catalogue: every string a person reads comes from here,
 * Vietnamese first, English second. Each language is a folder of area files
 * (citizen pages, errors, dashboard, …) merged into one flat catalogue; the
 * files only keep the catalogue readable. A province adds a language by
 * adding a folder with the same files and keys and listing it in CATALOGUES.
 */
import viAccount from './vi/account.json' with { type: 'json' }
import viAdmin from './vi/admin.json' with { type: 'json' }
import viCitizen from './vi/citizen.json' with { type: 'json' }
import viComments from './vi/comments.json' with { type: 'json' }
import viDashboard from './vi/dashboard.json' with { type: 'json' }
import viErrors from './vi/errors.json' with { type: 'json' }
import viExports from './vi/exports.json' with { type: 'json' }
import viProvince from './vi/province.json' with { type: 'json' }
import viPublic from './vi/public.json' with { type: 'json' }
import viIntegration from './vi/integration.json' with { type: 'json' }
import enAccount from './en/account.json' with { type: 'json' }
import enAdmin from './en/admin.json' with { type: 'json' }
import enCitizen from './en/citizen.json' with { type: 'json' }
import enComments from './en/comments.json' with { type: 'json' }
import enDashboard from './en/dashboard.json' with { type: 'json' }
import enErrors from './en/errors.json' with { type: 'json' }
import enExports from './en/exports.json' with { type: 'json' }
import enProvince from './en/province.json' with { type: 'json' }
import enPublic from './en/public.json' with { type: 'json' }
import enIntegration from './en/integration.json' with { type: 'json' }

const vi = { ...viCitizen, ...viErrors, ...viDashboard, ...viAccount, ...viAdmin, ...viProvince, ...viComments, ...viPublic, ...viExports, ...viIntegration }

export type MessageKey = keyof typeof vi
export type Catalogue = Record<MessageKey, string>

export const CATALOGUES: Record<string, Catalogue> = {
  vi,
  en: { ...enCitizen, ...enErrors, ...enDashboard, ...enAccount, ...enAdmin, ...enProvince, ...enComments, ...enPublic, ...enExports, ...enIntegration } as Catalogue,
}
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
