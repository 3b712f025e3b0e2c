/**
 * Turns a day of responses (read-responses.ts) into rows, as cells for XLSX
 * or as CSV bytes, computing each value as seldom as it can: constants once,
 * a day's values once a day, and what depends on the response's context
 * (unit, touchpoint, service, channel…) once per distinct context, already
 * encoded for CSV. A CSV row then costs its number, its answers and a few
 * byte copies (issue #6: a million rows in a few seconds).
 */
import { maskPii } from '../domain/mask-pii.ts'
import { csvField, type Cell, type CsvBytes } from './csv-writer.ts'
import { contextOf, type ResponseDay, type ResponseFields } from './read-responses.ts'
import type { ResponseColumn } from './response-columns.ts'

/** What the columns read, for readResponseDays. */
export function fieldsOf(cols: readonly ResponseColumn[]): ResponseFields {
  const items = (from: 'number' | 'text') => [...new Set(cols.flatMap((c) => (c.source.from === from ? [c.source.item] : [])))]
  return { numbers: items('number'), texts: items('text'), comment: cols.some((c) => c.source.from === 'comment') }
}

const maskedText = (v: string | null): Cell => (v ? maskPii(v) : null)

/** Beyond this many distinct contexts the cache starts again, so memory stays flat. */
const MAX_CONTEXTS = 20_000

/** One CSV step of a row: a run of columns encoded ahead (constants and days, or contexts), or one column per response. */
type Step = { kind: 'fixed' | 'context'; run: number } | { kind: 'row' } | { kind: 'number' | 'text'; item: string } | { kind: 'comment' }

interface ContextEntry {
  /** By column index: the context columns' cells. */
  cells: Cell[]
  /** By context run: its CSV bytes. */
  csv: Uint8Array[] | null
}

export class ResponseRows {
  private readonly contexts = new Map<string, ContextEntry>()
  private readonly steps: Step[] = []
  /** Column indexes of each run of consecutive constant/day columns, and of context columns. */
  private readonly fixedRuns: number[][] = []
  private readonly contextRuns: number[][] = []

  constructor(private readonly cols: readonly ResponseColumn[]) {
    cols.forEach((col, i) => {
      const s = col.source
      if (s.from === 'number' || s.from === 'text') this.steps.push({ kind: s.from, item: s.item })
      else if (s.from === 'row' || s.from === 'comment') this.steps.push({ kind: s.from })
      else {
        const kind = s.from === 'context' ? 'context' : 'fixed'
        const runs = kind === 'context' ? this.contextRuns : this.fixedRuns
        const prev = this.steps[this.steps.length - 1]
        if (prev && prev.kind === kind && 'run' in prev) runs[prev.run]!.push(i)
        else this.steps.push({ kind, run: runs.push([i]) - 1 })
      }
    })
  }

  /** The day's cells of the constant and day columns, by column index. */
  private fixedCells(day: string): Cell[] {
    const out = new Array<Cell>(this.cols.length)
    this.cols.forEach((c, i) => {
      if (c.source.from === 'constant') out[i] = c.source.value
      else if (c.source.from === 'day') out[i] = c.source.value(day)
    })
    return out
  }

  private context(key: string): ContextEntry {
    let entry = this.contexts.get(key)
    if (!entry) {
      const ctx = contextOf(key)
      const cells = new Array<Cell>(this.cols.length)
      this.cols.forEach((c, i) => {
        if (c.source.from === 'context') cells[i] = c.source.value(ctx)
      })
      entry = { cells, csv: null }
      if (this.contexts.size >= MAX_CONTEXTS) this.contexts.clear()
      this.contexts.set(key, entry)
    }
    return entry
  }

  /** The day's rows as cells; `counter.rows` numbers them. */
  *cells(day: ResponseDay, counter: { rows: number }): Generator<Cell[]> {
    const fixed = this.fixedCells(day.day)
    for (let i = 0; i < day.keys.length; i++) {
      const n = ++counter.rows
      const ctx = this.context(day.keys[i]!).cells
      yield this.cols.map((c, j) => {
        const s = c.source
        switch (s.from) {
          case 'row':
            return n
          case 'constant':
          case 'day':
            return fixed[j]
          case 'context':
            return ctx[j]
          case 'number':
            return day.numbers.get(s.item)![i] ?? null
          case 'text':
            return maskedText(day.texts.get(s.item)![i] ?? null)
          case 'comment':
            return maskedText(day.comments![i] ?? null)
        }
      })
    }
  }

  /** The day's rows as CSV records into `out`; `counter.rows` numbers them. */
  csv(day: ResponseDay, counter: { rows: number }, out: CsvBytes): void {
    const encode = (cells: readonly Cell[], run: readonly number[]) => Buffer.from(run.map((i) => csvField(cells[i])).join(','), 'utf8')
    const fixedCells = this.fixedCells(day.day)
    const fixed = this.fixedRuns.map((run) => encode(fixedCells, run))
    // The day's answer columns, one array per step.
    const values = this.steps.map((s) => (s.kind === 'number' ? day.numbers.get(s.item)! : s.kind === 'text' ? day.texts.get(s.item)! : s.kind === 'comment' ? day.comments! : null))
    const steps = this.steps
    for (let i = 0; i < day.keys.length; i++) {
      const n = ++counter.rows
      const entry = this.context(day.keys[i]!)
      const ctx = entry.csv ?? (entry.csv = this.contextRuns.map((run) => encode(entry.cells, run)))
      for (let k = 0; k < steps.length; k++) {
        if (k) out.comma()
        const s = steps[k]!
        switch (s.kind) {
          case 'row':
            out.number(n)
            break
          case 'fixed':
            out.bytes(fixed[s.run]!)
            break
          case 'context':
            out.bytes(ctx[s.run]!)
            break
          case 'number': {
            const v = values[k]![i] as number | null
            if (v !== null) out.number(v)
            break
          }
          case 'text':
          case 'comment':
            out.field(maskedText(values[k]![i] as string | null))
            break
        }
      }
      out.endRecord()
    }
  }
}
