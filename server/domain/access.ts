/**
 * Who may read and manage which part of the unit tree. Pure: the grants come
 * in with their units' materialised paths, and every question is a prefix
 * test on a path, the same test the store uses to select a subtree.
 *
 * - administrator (Sở Nội vụ): everything, plus units, services, targets, users;
 * - manager (a unit head): reads its subtrees and manages their touchpoints;
 * - viewer: reads its subtrees.
 */
export const GRANT_ROLES = ['manager', 'viewer'] as const
export type GrantRole = (typeof GRANT_ROLES)[number]
export type Role = 'admin' | GrantRole

export interface Grant {
  unitId: number
  /** The granted unit's path, "/1/4/": the grant covers every path starting with it. */
  path: string
  role: GrantRole
}

export class Access {
  constructor(
    readonly admin: boolean,
    readonly grants: readonly Grant[],
  ) {}

  /** Anyone signed in with at least one role. */
  get staff(): boolean {
    return this.admin || this.grants.length > 0
  }

  canRead(unit: { path: string }): boolean {
    return this.admin || this.grants.some((g) => unit.path.startsWith(g.path))
  }

  canManage(unit: { path: string }): boolean {
    return this.admin || this.grants.some((g) => g.role === 'manager' && unit.path.startsWith(g.path))
  }

  /**
   * The granted subtrees without those lying inside another grant, so a
   * listing walks each unit once. Administrators read from the tree's roots instead.
   */
  topGrants(): Grant[] {
    return this.grants
      .filter((g) => !this.grants.some((o) => o !== g && g.path.startsWith(o.path) && (o.path !== g.path || o.unitId < g.unitId)))
      .sort((a, b) => a.path.localeCompare(b.path))
  }

  /** The strongest role held over a unit, for labels and menus. */
  roleOver(unit: { path: string }): Role | null {
    if (this.admin) return 'admin'
    if (this.canManage(unit)) return 'manager'
    return this.canRead(unit) ? 'viewer' : null
  }
}

export const NO_ACCESS = new Access(false, [])
