/**
 * Which published figures the public pages must hide, so that no figure
 * under the suppression threshold can be read or worked out.
 *
 * Primary suppression: a figure with 0 < n < `below` is hidden (n, index and
 * interval). A figure with n = 0 tells nothing about anyone and stays shown.
 *
 * Secondary suppression: a parent unit's figure pools its children's
 * responses, so when a shown parent has exactly one hidden child (n > 0),
 * that child's n (and share of satisfied answers) is the parent minus its
 * shown siblings. Then the shown sibling with the smallest n > 0 is hidden
 * too (ties: the first key); if there is no such sibling, the parent itself
 * is hidden. The rule repeats until no group of siblings under a shown parent
 * has exactly one hidden member, so hiding a parent protects its own group
 * one level up as well. A parent's own direct responses are not counted as
 * protection: the rule stays on the safe side.
 *
 * Pure: the caller builds the cells of one period and instrument.
 */

export interface DisclosureCell {
  key: string
  /** The parent's key, or null (or a key not among the cells) for a top cell. */
  parent: string | null
  n: number
}

export type Hidden = 'primary' | 'secondary'

export function suppressCells(cells: readonly DisclosureCell[], below: number): Map<string, Hidden> {
  const hidden = new Map<string, Hidden>()
  for (const c of cells) if (c.n > 0 && c.n < below) hidden.set(c.key, 'primary')

  const byKey = new Map(cells.map((c) => [c.key, c]))
  const children = new Map<string, DisclosureCell[]>()
  for (const c of cells) {
    if (c.parent === null || !byKey.has(c.parent)) continue
    const list = children.get(c.parent) ?? []
    list.push(c)
    children.set(c.parent, list)
  }
  const parents = [...children.keys()].sort()

  let changed = true
  while (changed) {
    changed = false
    for (const p of parents) {
      if (hidden.has(p)) continue
      const kids = children.get(p)!
      const hiddenKids = kids.filter((k) => k.n > 0 && hidden.has(k.key))
      if (hiddenKids.length !== 1) continue
      const next = kids
        .filter((k) => k.n > 0 && !hidden.has(k.key))
        .sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))[0]
      hidden.set(next ? next.key : p, 'secondary')
      changed = true
    }
  }
  return hidden
}
