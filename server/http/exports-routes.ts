/**
 * Exports by API (and so from the province view and each dashboard, which
 * link here): results (CSV or XLSX), responses (CSV or XLSX, standard or the
 * Ministry of Health layout) and codebooks. Only units the user reads. Files
 * stream from the database into the response; every export is logged with
 * its filters and SHA-256, and can be repeated. For an approved period the
 * figures come from its snapshot and the file states the approval time, so a
 * repeat gives the same bytes.
 */
import { createHash } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { AppError } from '../errors.ts'
import { blankFor, resultsExportData, type ResultsExportData } from '../export/results-data.ts'
import { resultsCsv, resultsRowCount, resultsXlsx } from '../export/results-export.ts'
import { codebookCsv, columnsFor, lookups, responsesCsv, responsesXlsx } from '../export/responses-export.ts'
import { CODEBOOK_COLUMNS, codebookRows } from '../export/codebook.ts'
import type { MethodInfo } from '../export/method-sheet.ts'
import { xlsxStream } from '../export/xlsx-stream.ts'
import { local } from '../domain/survey-types.ts'
import { frozenPeriod, snapshotLang, type Frozen } from '../results/freeze.ts'
import { nowIso } from '../store/clock.ts'
import { finishExport, getExport, listExports, startExport, type ExportEntry } from '../store/export-log.ts'
import { surveysInScope } from '../store/scope-tallies.ts'
import { translator } from '../../web/i18n/messages.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { parseExportQuery, type ExportKind, type ExportQuery } from './export-query.ts'
import { requireUser } from './auth.ts'
import { audit } from './audit.ts'

const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** A pull stream: the next chunk is made only when the client has taken the last one, so memory stays flat. */
function streamOf(source: AsyncGenerator<string | Uint8Array>, onEnd: (sha256: string) => Promise<void>): ReadableStream<Uint8Array> {
  const hash = createHash('sha256')
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      try {
        const { value, done } = await source.next()
        if (done) {
          await onEnd(hash.digest('hex'))
          ctrl.close()
          return
        }
        const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
        hash.update(bytes)
        ctrl.enqueue(bytes)
      } catch (err) {
        ctrl.error(err)
      }
    },
    async cancel() {
      await source.return(undefined)
    },
  })
}

/** The snapshot's export, with the filters of this request applied. */
function filteredSnapshot(data: ResultsExportData, q: ExportQuery): ResultsExportData {
  // The same filters as unit-table.ts filterRows, on the stored rows.
  const units = data.units.filter((r) => (!q.surveyId || r.survey.id === q.surveyId) && (!q.sector || r.sector === q.sector) && (!q.type || r.type === q.type) && (!q.verdict || (r.verdict ?? 'none') === q.verdict))
  const kept = new Set(units.map((r) => `${r.unit_id}|${r.survey.id}`))
  const metricKeys = new Set(units.flatMap((r) => Object.keys(r.metrics)))
  const groups = { service: [], section: [], item: [] } as ResultsExportData['groups']
  for (const by of q.breakdowns) groups[by] = data.groups[by].filter((g) => kept.has(`${g.unit_id}|${g.survey_id}`))
  return {
    ...data,
    filters: { survey: q.surveyId, sector: q.sector, type: q.type, verdict: q.verdict, breakdowns: q.breakdowns },
    metricColumns: data.metricColumns.filter((m) => metricKeys.has(m.key)),
    units,
    groups,
  }
}

async function chooseSurvey(deps: AppDeps, q: ExportQuery) {
  if (q.surveyId) return deps.surveys.get(q.surveyId)!
  const ids = (await surveysInScope(deps.db, { unitPath: q.unit.path, from: q.period.from, to: q.period.to })).filter((id) => deps.surveys.has(id))
  if (ids.length !== 1) throw new AppError(400, 'survey_required', {}, { surveys: ids })
  return deps.surveys.get(ids[0]!)!
}

async function runExport(c: Context<AppEnv>, deps: AppDeps, q: ExportQuery, repeatOf: ExportEntry | null): Promise<Response> {
  const user = c.get('user')!
  const lang = q.params.lang ?? c.get('lang')
  q.params.lang = lang
  const t = translator(lang)
  const reveal = c.get('access').admin
  // A snapshot holds every counted response: verified-only results are computed live (as GET /api/v1/results does).
  const frozen: Frozen | null = q.kind === 'codebook' || (q.kind === 'results' && q.verifiedOnly) ? null : await frozenPeriod(deps.db, q.unit.id, q.period)
  const madeAt = frozen ? frozen.snapshot.approved_at : nowIso()
  const method = (surveys: MethodInfo['surveys']): MethodInfo => ({
    kind: q.kind === 'results' ? 'results' : 'responses',
    unit: `${q.unit.name}${q.unit.code ? ` (${q.unit.code})` : ''}`,
    period: { key: q.period.key, from: q.period.from, to: q.period.to },
    filters: q.params,
    verifiedOnly: q.verifiedOnly,
    madeAt,
    frozen: frozen ? { approved_at: frozen.snapshot.approved_at, approved_by: frozen.snapshot.approved_by } : null,
    minN: deps.config.minN,
    suppressBelow: deps.config.suppressBelow,
    surveys,
  })
  const counter = { rows: 0 }
  let body: AsyncGenerator<string | Uint8Array>
  let name: string
  if (q.kind === 'results') {
    const filters = { survey: q.surveyId, sector: q.sector, type: q.type, verdict: q.verdict, breakdowns: q.format === 'csv' ? (q.table === 'unit' ? [] : [q.table]) : q.breakdowns, verifiedOnly: q.verifiedOnly }
    const raw = frozen
      ? filteredSnapshot(snapshotLang(frozen.snapshot, lang).export, { ...q, breakdowns: filters.breakdowns as ExportQuery['breakdowns'] })
      : await resultsExportData({ db: deps.db, surveys: deps.surveys, targets: deps.targets(), minN: deps.config.minN, suppressBelow: deps.config.suppressBelow }, q.unit, q.period, filters as never, lang)
    const data = blankFor(raw, reveal, deps.config.suppressBelow)
    const surveyIds = [...new Set(data.units.map((r) => r.survey.id))]
    const surveys = surveyIds.map((id) => deps.surveys.get(id)).filter((d) => !!d).map((d) => ({ id: d!.id, title: local(d!.title, lang), method: d!.index.method }))
    counter.rows = resultsRowCount(data, q.format === 'csv' ? q.table : 'all')
    body = q.format === 'csv' ? resultsCsv(data, q.table) : resultsXlsx(t, data, method(surveys))
    name = `hailong-results-${q.unit.id}-${q.period.key}${q.format === 'csv' && q.table !== 'unit' ? `-${q.table}` : ''}`
  } else {
    const def = await chooseSurvey(deps, q)
    const look = q.kind === 'codebook' ? { units: new Map(), touchpoints: new Map(), services: new Map() } : await lookups(deps.db, q.unit)
    const cols = columnsFor(def, look, q.layout, { comments: q.comments, status: q.includeFlagged })
    if (!cols) throw new AppError(400, 'invalid_query', { detail: 'layout=moh: health-outpatient | health-inpatient' })
    if (q.kind === 'codebook') {
      body = q.format === 'csv' ? codebookCsv(def, cols) : xlsxStream([{ name: t('exports.sheet.codebook'), columns: CODEBOOK_COLUMNS, rows: codebookRows(def, cols) }])
      name = `hailong-codebook-${def.id}${q.layout === 'moh' ? '-moh' : ''}`
    } else {
      const scope = { unitPath: q.unit.path, surveyId: def.id, from: q.period.from, to: q.period.to, all: q.includeFlagged, receivedBy: frozen ? frozen.snapshot.approved_at : null, verifiedOnly: q.verifiedOnly }
      body = q.format === 'csv' ? responsesCsv(deps.db, scope, cols, counter) : responsesXlsx(t, deps.db, def, scope, cols, method([{ id: def.id, title: local(def.title, lang), method: def.index.method }]), counter)
      name = `hailong-responses-${q.unit.id}-${q.period.key}-${def.id}${q.layout === 'moh' ? '-moh' : ''}`
    }
  }
  const id = await startExport(deps.db, { userId: user.id, kind: q.kind, format: q.format, filters: q.params, frozen: !!frozen, madeAt })
  // The audit log lists exports beside the other staff actions; the export log keeps what repeating one needs.
  await audit(deps.db, c, 'export.create', { type: 'unit', id: q.unit.id }, { export: id, kind: q.kind, format: q.format, period: q.period.key })
  const stream = streamOf(body, (sha) => finishExport(deps.db, id, counter.rows, sha))
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPE[q.format],
    'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}.${q.format}"`,
    'cache-control': 'no-store',
    'x-export-id': String(id),
  }
  if (frozen) headers['x-period-frozen'] = frozen.snapshot.approved_at
  if (repeatOf) headers['x-export-repeat-of'] = String(repeatOf.id)
  return c.body(stream, 200, headers)
}

export function exportsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const run = (kind: ExportKind) => async (c: Context<AppEnv>) => runExport(c, deps, await parseExportQuery(c, deps, kind, (n) => c.req.query(n)), null)

  app.get('/api/v1/exports/results', requireUser, run('results'))
  app.get('/api/v1/exports/responses', requireUser, run('responses'))
  app.get('/api/v1/exports/codebook', requireUser, run('codebook'))

  // Administrators see every export; others their own.
  app.get('/api/v1/exports', requireUser, async (c) => {
    const admin = c.get('access').admin
    return c.json({ items: await listExports(deps.db, admin ? null : c.get('user')!.id) })
  })

  const ownExport = async (c: Context<AppEnv>) => {
    const entry = await getExport(deps.db, Number(c.req.param('id')))
    if (!entry) throw new AppError(404, 'export_not_found')
    if (!c.get('access').admin && entry.user_id !== c.get('user')!.id) throw new AppError(403, 'forbidden')
    return entry
  }
  app.get('/api/v1/exports/:id{[0-9]+}', requireUser, async (c) => c.json(await ownExport(c)))

  // Repeats the export with the filters it was made with; the unit is checked against today's access.
  app.get('/api/v1/exports/:id{[0-9]+}/file', requireUser, async (c) => {
    const entry = await ownExport(c)
    const q = await parseExportQuery(c, deps, entry.kind as ExportKind, (n) => entry.filters[n])
    return runExport(c, deps, q, entry)
  })

  return app
}
