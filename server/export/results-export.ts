/**
 * A results export as CSV (one table: units, or units × service, section
 * or item) or XLSX (a sheet per table and the method sheet). Columns are
 * stable codes (unit_code, index, ci_low…) so R and SPSS read them; the
 * method sheet explains them. Proportions are fractions (0.853), shown as
 * percentages in XLSX.
 */
import type { Translate } from '../../web/i18n/messages.ts'
import { csvFile, type Cell } from './csv-writer.ts'
import { methodSheet, type MethodInfo } from './method-sheet.ts'
import type { GroupBreakdown, GroupExportRow, ResultsExportData, UnitExportRow } from './results-data.ts'
import { xlsxStream, type Sheet, type SheetColumn } from './xlsx-stream.ts'

export const RESULT_TABLES = ['unit', 'service', 'section', 'item'] as const
export type ResultTable = (typeof RESULT_TABLES)[number]

const pct = (header: string): SheetColumn => ({ header, format: 'pct' })

function unitColumns(data: ResultsExportData): SheetColumn[] {
  return [
    { header: 'unit_id', format: 'int' },
    { header: 'unit_code' },
    { header: 'unit_name', width: 36 },
    { header: 'parent_id', format: 'int' },
    { header: 'parent_name', width: 30 },
    { header: 'depth', format: 'int' },
    { header: 'type' },
    { header: 'sector' },
    { header: 'survey_id', width: 18 },
    { header: 'survey_title', width: 36 },
    { header: 'n', format: 'int' },
    { header: 'verified_n', format: 'int' },
    pct('index'),
    pct('ci_low'),
    pct('ci_high'),
    pct('target'),
    { header: 'verdict' },
    { header: 'more_needed', format: 'int' },
    { header: 'suppressed', format: 'int' },
    ...data.metricColumns.map((m): SheetColumn => ({ header: `metric_${m.key}`, format: 'num', width: 18 })),
  ]
}

function unitRow(data: ResultsExportData, r: UnitExportRow): Cell[] {
  return [
    r.unit_id, r.code, r.name, r.parent_id, r.parent_name, r.depth, r.type, r.sector, r.survey.id, r.survey.title,
    // Snapshots of periods approved before the column existed have no verified_n: the cell stays empty.
    r.n, r.verified_n ?? null, r.index, r.ci?.[0] ?? null, r.ci?.[1] ?? null, r.target, r.verdict, r.more_needed, r.suppressed ? 1 : 0,
    ...data.metricColumns.map((m) => r.metrics[m.key]?.value ?? null),
  ]
}

const GROUP_COLUMNS: SheetColumn[] = [
  { header: 'unit_id', format: 'int' },
  { header: 'unit_code' },
  { header: 'unit_name', width: 36 },
  { header: 'survey_id', width: 18 },
  { header: 'breakdown' },
  { header: 'key' },
  { header: 'label', width: 60 },
  { header: 'n', format: 'int' },
  pct('index'),
  pct('ci_low'),
  pct('ci_high'),
  { header: 'mean', format: 'num' },
  pct('target'),
  { header: 'verdict' },
  { header: 'suppressed', format: 'int' },
]

const groupRow = (by: GroupBreakdown, g: GroupExportRow): Cell[] => [
  g.unit_id, g.code, g.name, g.survey_id, by, g.key, g.label, g.n, g.index, g.ci?.[0] ?? null, g.ci?.[1] ?? null, g.mean, g.target, g.verdict, g.suppressed ? 1 : 0,
]

export function resultsCsv(data: ResultsExportData, table: ResultTable): AsyncGenerator<string> {
  if (table === 'unit') return csvFile(unitColumns(data).map((c) => c.header), data.units.map((r) => unitRow(data, r)))
  return csvFile(GROUP_COLUMNS.map((c) => c.header), data.groups[table].map((g) => groupRow(table, g)))
}

export function resultsXlsx(t: Translate, data: ResultsExportData, method: MethodInfo): AsyncGenerator<Uint8Array> {
  const sheets: Sheet[] = [{ name: t('exports.sheet.unit'), columns: unitColumns(data), rows: data.units.map((r) => unitRow(data, r)) }]
  for (const by of data.filters.breakdowns) sheets.push({ name: t(`exports.sheet.${by}`), columns: GROUP_COLUMNS, rows: data.groups[by].map((g) => groupRow(by, g)) })
  sheets.push(methodSheet(t, method))
  return xlsxStream(sheets)
}

export const resultsRowCount = (data: ResultsExportData, table: ResultTable | 'all') =>
  table === 'unit' ? data.units.length : table === 'all' ? data.units.length + Object.values(data.groups).reduce((s, g) => s + g.length, 0) : data.groups[table].length
