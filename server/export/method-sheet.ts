/**
 * The "Method" sheet (and the README beside a CSV): what the file holds, how
 * the figures were computed, for which period and filters, and when it was
 * made. For a frozen period the time is the approval's, never the clock's,
 * so a repeated export gives the same bytes.
 */
import type { Translate } from '../../web/i18n/messages.ts'
import type { Sheet } from './xlsx-stream.ts'

export interface MethodInfo {
  kind: 'results' | 'responses'
  unit: string
  period: { key: string; from: string; to: string }
  filters: Record<string, unknown>
  /** Only responses made through a one-time ticket were read (verified=only). */
  verifiedOnly: boolean
  /** The time stated as "made at": the approval's for a frozen period. */
  madeAt: string
  frozen: { approved_at: string; approved_by: string | null } | null
  minN: number
  suppressBelow: number
  surveys: { id: string; title: string; method: string }[]
}

export function methodRows(t: Translate, m: MethodInfo): [string, string][] {
  const rows: [string, string][] = [
    [t('exports.method.kind'), t(m.kind === 'results' ? 'exports.kind.results' : 'exports.kind.responses')],
    [t('exports.method.unit'), m.unit],
    [t('exports.method.period'), `${m.period.key} (${m.period.from} – ${m.period.to})`],
    [t('exports.method.filters'), JSON.stringify(m.filters)],
    [t('exports.method.verified'), t(m.verifiedOnly ? 'exports.method.verified_only' : 'exports.method.verified_all')],
    [t('exports.method.made_at'), m.madeAt],
    [t('exports.method.frozen'), m.frozen ? t('exports.method.frozen_yes', { at: m.frozen.approved_at, by: m.frozen.approved_by ?? '—' }) : t('exports.method.frozen_no')],
  ]
  for (const s of m.surveys) rows.push([t('exports.method.survey', { id: s.id }), `${s.title}: ${t(`exports.method.index.${s.method}` as Parameters<Translate>[0])}`])
  rows.push([t('exports.method.interval'), t('exports.method.interval_text')])
  rows.push([t('exports.method.verdict'), t('exports.method.verdict_text', { minN: m.minN })])
  rows.push([t('exports.method.suppression'), t('exports.method.suppression_text', { n: m.suppressBelow })])
  if (m.kind === 'responses') rows.push([t('exports.method.anonymity'), t('exports.method.anonymity_text')])
  rows.push([t('exports.method.csv'), t('exports.method.csv_text')])
  return rows
}

export function methodSheet(t: Translate, m: MethodInfo): Sheet {
  return { name: t('exports.sheet.method'), columns: [{ header: t('exports.method.field'), width: 28 }, { header: t('exports.method.value'), width: 100 }], rows: methodRows(t, m) }
}
