/**
 * Which published figures the public pages must hide, so that no figure
 * under the suppression threshold can be read or worked out.
 *
 * Primary suppression: a figure with 0 < n < `below` is hidden (n, index and
 * interval). A figure with n = 0 tells nothing about anyone and stays shown.
 *
 * Secondary suppression works on groups: a shown figure (the whole) and the
 * figures that lie inside it without overlapping each other (its parts).
 * The whole minus its shown parts gives the hidden parts together with the
 * remainder (what the whole holds beyond its parts). That must not single
 * out anyone:
 * - exactly one hidden part: the difference gives it away;
 * - no hidden part and a remainder of 0 < n < `below`: the difference is a
 *   small group that was never published.
 * Then the shown part with the smallest n > 0 is hidden too (ties: the first
 * key); if there is no such part, the whole is hidden. A remainder never
 * counts as protection: the rule stays on the safe side. The rule repeats
 * over every group until none is left in either state, so hiding a figure
 * protects it in every other group it belongs to.
 *
 * Two kinds of group:
 * - in space: a unit's figure pools its children's responses (and its own);
 * - in time: a unit's figure for a period holds its figures for the
 *   published periods inside it (a quarter its months, a year its quarters).
 *   Published periods are months, quarters and years, so they nest; parts
 *   that overlap each other (ranges, were they ever published) would not
 *   add up, and such a group is left out rather than misjudged.
 *
 * Pure: the caller builds the cells.
 */

export interface DisclosureCell {
  key: string
  /** The parent's key, or null (or a key not among the cells) for a top cell. */
  parent: string | null
  n: number
}

export type Hidden = 'primary' | 'secondary'

/** A whole and its parts, by cell key; the remainder is the whole's n minus its parts'. */
interface Group {
  whole: string
  parts: string[]
  remainder: number
}

/** Suppression over one tree of units (one period, one instrument). */
export function suppressCells(cells: readonly DisclosureCell[], below: number): Map<string, Hidden> {
  const n = new Map(cells.map((c) => [c.key, c.n]))
  return suppress(n, treeGroups(cells, n), below)
}

/** A unit's figure for one published period and instrument. */
export interface FigureCell {
  key: string
  unit: string
  parentUnit: string | null
  instrument: string
  period: { key: string; from: string; to: string }
  n: number
}

/** Suppression over every published period at once: in space within each period, in time within each unit. */
export function suppressFigures(cells: readonly FigureCell[], below: number): Map<string, Hidden> {
  const n = new Map(cells.map((c) => [c.key, c.n]))
  const groups: Group[] = []
  for (const same of groupBy(cells, (c) => `${c.period.key}\u0000${c.instrument}`)) {
    const byUnit = new Map(same.map((c) => [c.unit, c.key]))
    groups.push(...treeGroups(same.map((c) => ({ key: c.key, parent: c.parentUnit === null ? null : (byUnit.get(c.parentUnit) ?? null), n: c.n })), n))
  }
  for (const same of groupBy(cells, (c) => `${c.unit}\u0000${c.instrument}`)) groups.push(...timeGroups(same, n))
  return suppress(n, groups, below)
}

function suppress(n: Map<string, number>, groups: Group[], below: number): Map<string, Hidden> {
  const hidden = new Map<string, Hidden>()
  for (const [key, count] of n) if (count > 0 && count < below) hidden.set(key, 'primary')
  // A group changes only when one of its parts is hidden: then it is looked at again, not every group.
  const queue = [...groups].sort((a, b) => compareKeys(a.whole, b.whole))
  const waiting = new Set(queue)
  const memberships = groupBy(
    queue.flatMap((g) => g.parts.map((part) => ({ part, g }))),
    (m) => m.part,
  )
  const asPart = new Map(memberships.map((list) => [list[0]!.part, list.map((m) => m.g)]))
  for (let i = 0; i < queue.length; i++) {
    const g = queue[i]!
    waiting.delete(g)
    if (hidden.has(g.whole)) continue
    const counted = g.parts.filter((k) => n.get(k)! > 0)
    const hiddenParts = counted.filter((k) => hidden.has(k)).length
    const rest = Math.abs(g.remainder)
    if (hiddenParts !== 1 && !(hiddenParts === 0 && rest > 0 && rest < below)) continue
    const next = counted.filter((k) => !hidden.has(k)).sort((a, b) => n.get(a)! - n.get(b)! || compareKeys(a, b))[0] ?? g.whole
    hidden.set(next, 'secondary')
    for (const again of asPart.get(next) ?? []) {
      if (waiting.has(again)) continue
      waiting.add(again)
      queue.push(again)
    }
  }
  return hidden
}

function treeGroups(cells: readonly DisclosureCell[], n: Map<string, number>): Group[] {
  const inside = cells.filter((c) => c.parent !== null && n.has(c.parent))
  return groupBy(inside, (c) => c.parent!).map((kids) => withRemainder(kids[0]!.parent!, kids.map((c) => c.key), n))
}

/**
 * Each period's parts are the largest published periods inside it. Equal
 * ranges under two keys nest too (the later key inside the earlier), as
 * the difference of their figures is what changed between their snapshots.
 */
function timeGroups(cells: readonly FigureCell[], n: Map<string, number>): Group[] {
  const days = (c: FigureCell) => Date.parse(c.period.to) - Date.parse(c.period.from)
  const order = [...cells].sort((a, b) => days(b) - days(a) || compareKeys(a.period.from, b.period.from) || compareKeys(a.period.key, b.period.key))
  const held = order.flatMap((c, i) => {
    const holder = order.slice(0, i).findLast((h) => h.period.from <= c.period.from && c.period.to <= h.period.to)
    return holder ? [{ holder: holder.key, part: c }] : []
  })
  return groupBy(held, (h) => h.holder).flatMap((inside) => {
    const sorted = inside.map((h) => h.part).sort((a, b) => compareKeys(a.period.from, b.period.from))
    // Parts that overlap each other do not add up to anything: see the note on ranges above.
    if (sorted.some((c, i) => i > 0 && c.period.from <= sorted[i - 1]!.period.to)) return []
    return [withRemainder(inside[0]!.holder, sorted.map((c) => c.key), n)]
  })
}

function withRemainder(whole: string, parts: string[], n: Map<string, number>): Group {
  return { whole, parts, remainder: n.get(whole)! - parts.reduce((sum, k) => sum + n.get(k)!, 0) }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return [...out.values()]
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
