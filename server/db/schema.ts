/**
 * The database, as Kysely sees it: hand-written so it reads as documentation.
 * Times are ISO-8601 UTC text and days are local YYYY-MM-DD text on both
 * SQLite and PostgreSQL; booleans are 0/1 integers (better-sqlite3 cannot bind
 * booleans or dates).
 */
import type { Generated, Insertable, Selectable } from 'kysely'
import type { GrantRole } from '../domain/access.ts'
import type { Sector } from '../domain/survey-types.ts'

export interface UnitTable {
  id: Generated<number>
  parent_id: number | null
  /** Materialised path of ids, "/1/4/9/": a subtree is `path LIKE '/1/4/%'`. */
  path: string
  name: string
  /** province, department, commune, one-stop, hospital, health-station, school, …: a field, not a level. */
  type: string
  sector: Sector | null
  /** Official code (mã đơn vị), when it has one. */
  code: string | null
  created_at: string
  /** Local day the unit closed (merged, dissolved); its history stays. */
  closed_on: string | null
}

export interface ServiceTable {
  id: Generated<number>
  name: string
  sector: Sector
  /** National procedure code (mã thủ tục hành chính), when known. */
  code: string | null
  created_at: string
}

export interface TouchpointTable {
  id: Generated<number>
  /** Short unguessable code in the survey address /s/{code}. */
  code: string
  unit_id: number
  service_id: number | null
  survey_id: string
  label: string
  created_at: string
  /** Local day from which the survey address no longer takes answers. */
  retired_on: string | null
}

export interface ResponseTable {
  id: Generated<number>
  /** The client-generated id that makes a submission idempotent. */
  uid: string
  touchpoint_id: number
  unit_id: number
  service_id: number | null
  survey_id: string
  survey_version: number
  /** form, web (the page's script), api. */
  channel: string
  lang: string
  /** Local day (Asia/Ho_Chi_Minh), the finest time any report uses. */
  day: string
  received_at: string
  /** Hash of the normalised body: a replay must match it, or it is a conflict. */
  body_hash: string
  comment: string | null
  status: string
}

export interface AnswerTable {
  response_id: number
  item: string
  value_num: number | null
  value_text: string | null
}

export interface UserTable {
  id: Generated<number>
  username: string
  password_hash: string
  /** Administrator (Sở Nội vụ): the whole province and its settings. */
  is_admin: number
  created_at: string
  display_name: string | null
  disabled_at: string | null
  password_changed_at: string | null
}

/** A role on a subtree: the unit and everything under it. */
export interface GrantTable {
  id: Generated<number>
  user_id: number
  unit_id: number
  role: GrantRole
  created_at: string
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a stolen database holds no usable session. */
  token_hash: string
  user_id: number
  created_at: string
  expires_at: string
}

export interface TargetTable {
  id: Generated<number>
  sector: Sector | null
  unit_id: number | null
  threshold: number
  valid_from: string
  source: string
  created_at: string
}

/** Sums of one instrument's responses at one touchpoint in one month (see store/rollups.ts). */
export interface RollupTable {
  survey_id: string
  month: string
  touchpoint_id: number
  unit_id: number
  service_id: number | null
  n: number
  layout: string
  sums: string
}

/** Sums of one instrument's responses anywhere in a unit's subtree in one month. */
export interface SubtreeRollupTable {
  survey_id: string
  month: string
  unit_id: number
  n: number
  layout: string
  sums: string
}

export interface Database {
  units: UnitTable
  services: ServiceTable
  touchpoints: TouchpointTable
  responses: ResponseTable
  answers: AnswerTable
  users: UserTable
  grants: GrantTable
  sessions: SessionTable
  targets: TargetTable
  rollups: RollupTable
  subtree_rollups: SubtreeRollupTable
}

export type Unit = Selectable<UnitTable>
export type Service = Selectable<ServiceTable>
export type Touchpoint = Selectable<TouchpointTable>
export type NewResponse = Insertable<ResponseTable>
export type User = Selectable<UserTable>
export type GrantRow = Selectable<GrantTable>
