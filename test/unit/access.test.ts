import { describe, expect, it } from 'vitest'
import { Access, NO_ACCESS } from '../../server/domain/access.ts'

const province = { path: '/1/' }
const district = { path: '/1/4/' }
const commune = { path: '/1/4/9/' }
const otherCommune = { path: '/1/5/12/' }
// A path that shares a textual prefix with /1/4/ without lying under it.
const lookalike = { path: '/1/41/' }

describe('access to subtrees', () => {
  it('lets an administrator read and manage everything', () => {
    const a = new Access(true, [])
    for (const u of [province, commune, otherCommune]) {
      expect(a.canRead(u)).toBe(true)
      expect(a.canManage(u)).toBe(true)
    }
    expect(a.roleOver(commune)).toBe('admin')
  })

  it('confines a manager to the subtree of the grant', () => {
    const a = new Access(false, [{ unitId: 4, path: district.path, role: 'manager' }])
    expect(a.canRead(district)).toBe(true)
    expect(a.canManage(commune)).toBe(true)
    expect(a.canRead(province)).toBe(false)
    expect(a.canRead(otherCommune)).toBe(false)
    expect(a.canRead(lookalike)).toBe(false)
  })

  it('lets a viewer read but not manage', () => {
    const a = new Access(false, [{ unitId: 9, path: commune.path, role: 'viewer' }])
    expect(a.canRead(commune)).toBe(true)
    expect(a.canManage(commune)).toBe(false)
    expect(a.roleOver(commune)).toBe('viewer')
    expect(a.roleOver(district)).toBeNull()
  })

  it('takes the strongest of several grants and lists each subtree once', () => {
    const a = new Access(false, [
      { unitId: 4, path: district.path, role: 'viewer' },
      { unitId: 9, path: commune.path, role: 'manager' },
      { unitId: 12, path: otherCommune.path, role: 'viewer' },
    ])
    expect(a.canManage(commune)).toBe(true)
    expect(a.canManage(district)).toBe(false)
    expect(a.topGrants().map((g) => g.unitId)).toEqual([4, 12])
  })

  it('gives nobody anything without a session', () => {
    expect(NO_ACCESS.staff).toBe(false)
    expect(NO_ACCESS.canRead(commune)).toBe(false)
  })
})
