/**
 * The write path's multi-row statements, compiled once per shape.
 *
 * Kysely builds and compiles a statement anew every time: about 100 µs for
 * an insert of 32 responses, and a batch runs some eight such statements.
 * Their SQL depends only on the table, the columns and the number of rows,
 * so the first time a shape is seen Kysely compiles it from placeholders,
 * and from then on the same SQL runs with the new values bound in their
 * places. The same SQL text also finds SQLite's prepared statement in the
 * connection's cache (open-database.ts) instead of being parsed again. This
 * took 12-16 % off the write path's CPU time per response (batches of 16 to
 * 64, alternating with the previous build in one process).
 *
 * Row counts are padded or cut to a few statement sizes (`padded`,
 * `sizedRuns`), so some thirty shapes per statement serve every batch size.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import type { DialectName } from '../db/dialect.ts'

type Cell = string | number | bigint | boolean | null
type Row = Readonly<Record<string, Cell>>

/** Stands in for the value at `index` while a shape is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

/** The compiled SQL only: its operation tree, thousands of nodes for a long insert, is not needed to run it. */
interface Shape {
  sql: string
  /** Per bound parameter: the value's place in the cells, or a constant of the statement itself. */
  parameters: readonly (Slot | unknown)[]
}

/** Bounded, although the shapes are few: PostgreSQL's merges run at their exact sizes (rollups.ts). */
const MAX_SHAPES = 1000
const shapes = new Map<string, Shape>()

/**
 * Runs `build(data)`, compiling it only the first time its shape is seen:
 * `key` names the statement, and the number of values (and for rows, their
 * columns) completes the shape. `build` must only place the values it is
 * given, never look at them: on the first call it gets placeholders.
 */
export async function runShaped<T extends readonly Cell[] | readonly Row[], R>(db: Kysely<any>, dialect: DialectName, key: string, data: T, build: (data: T) => Compilable<R>): Promise<R[]> {
  const columns = isRows(data) ? Object.keys(data[0] ?? {}) : null
  const cells = columns ? (data as readonly Row[]).flatMap((row) => cellsOf(row, columns)) : (data as readonly Cell[])
  const shapeKey = `${dialect}\u0000${key}\u0000${cells.length}\u0000${columns?.join(',') ?? ''}`
  let shape = shapes.get(shapeKey)
  if (!shape) {
    const compiled = build(placeholders(data, columns) as unknown as T).compile()
    shape = { sql: compiled.sql, parameters: compiled.parameters }
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!)
    shapes.set(shapeKey, shape)
  }
  const parameters = shape.parameters.map((p) => (p instanceof Slot ? cells[p.index] : p))
  return (await db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters) as CompiledQuery<R>)).rows
}

const isRows = (data: readonly Cell[] | readonly Row[]): data is readonly Row[] => data.length > 0 && typeof data[0] === 'object' && data[0] !== null

/** A row's values in the shape's column order; a row with other columns would bind wrongly, so it is refused. */
function cellsOf(row: Row, columns: string[]): Cell[] {
  if (Object.keys(row).length !== columns.length) throw new Error(`runShaped: rows of one statement must have the same columns (${columns.join(', ')})`)
  return columns.map((c) => {
    if (!(c in row)) throw new Error(`runShaped: a row lacks the column ${c}`)
    return row[c]!
  })
}

function placeholders(data: readonly Cell[] | readonly Row[], columns: string[] | null): unknown[] {
  if (!columns) return data.map((_, i) => new Slot(i))
  return data.map((_, r) => Object.fromEntries(columns.map((c, k) => [c, new Slot(r * columns.length + k)])))
}

/**
 * Statement sizes: every count up to 8, then four sizes per doubling
 * (10, 12, 14, 16, 20, 24, …, 224, 256). Rounding a count up to the next size
 * adds at most a quarter more rows and about a tenth on average, and leaves
 * some thirty shapes per statement.
 */
const stepAt = (n: number) => (n <= 8 ? 1 : 2 ** (Math.floor(Math.log2(n - 1)) - 2))

/** The smallest statement size that holds `n` rows. */
export const sizeAbove = (n: number) => Math.ceil(n / stepAt(n)) * stepAt(n)

/** The largest statement size not over `n`. */
const sizeBelow = (n: number) => (n <= 8 ? n : Math.floor(n / stepAt(n + 1)) * stepAt(n + 1))

/** Splits items into runs of statement sizes, longest first, none over `max` (itself a size). */
export function sizedRuns<T>(items: readonly T[], max: number): T[][] {
  const runs: T[][] = []
  for (let at = 0; at < items.length; ) {
    const size = sizeBelow(Math.min(max, items.length - at))
    runs.push(items.slice(at, at + size))
    at += size
  }
  return runs
}

/**
 * Items grown to a statement size by repeating the last one: harmless in an
 * `in (…)` list, and for rows that the statement skips or writes again with
 * the same values (on conflict do nothing; on SQLite, do update).
 */
export function padded<T>(items: readonly T[]): T[] {
  if (!items.length) return []
  return [...items, ...Array<T>(sizeAbove(items.length) - items.length).fill(items[items.length - 1]!)]
}

/** `items` in slices of at most `max` (a statement size), each padded. */
export function paddedSlices<T>(items: readonly T[], max: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += max) out.push(padded(items.slice(i, i + max)))
  return out
}
