/**
 * The database, as Kysely sees it: hand-written so it reads as documentation.
 * Times are ISO-8601 UTC text and days are local YYYY-MM-DD text on both
 * SQLite and PostgreSQL; booleans are 0/1 integers (better-sqlite3 cannot bind
 * booleans or dates).
 */
import type { Generated, Insertable, Selectable } from 'kysely'
import type { GrantRole } from '../domain/access.ts'
import type { Sector } from '../domain/survey-types.ts'
import type { ApiClientTable, TicketTable, TransactionTable, WebhookDeliveryTable, WebhookTable } from './schema-integration.ts'

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
  /** When it serves citizens, e.g. "07:30-17:00 Mon-Sat" (domain/opening-hours.ts); null: no off-hours rule. */
  opening_hours: string | null
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
  /** Submissions one client may send here per minute (a shared tablet); null: the default, and the burst rule applies. */
  rate_limit_per_minute: number | null
  /** 1: offered on a tablet at the counter (/k/{code}), to which tablets are paired. */
  kiosk: Generated<number>
}

/** A tablet: waiting for staff to enter its pairing code, or paired to a touchpoint (until revoked). */
export interface KioskDeviceTable {
  id: Generated<number>
  /** SHA-256 of the token the tablet keeps: the database alone cannot pose as a kiosk. */
  token_hash: string
  /** The short code the tablet shows until it is paired; it names the device afterwards. */
  pair_code: string
  pair_expires_at: string
  touchpoint_id: number | null
  paired_at: string | null
  paired_by: number | null
  revoked_at: string | null
  last_seen_at: string | null
  created_at: string
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
  /** ok: counted; flagged: kept but left out of every figure (see flags). */
  status: string
  /** Keyed hash of the client's address and browser under the day's key: links one day's submissions, never an address. */
  client_key: string | null
  /** Hash of the answers alone, to notice many identical answer sets. */
  answers_hash: string | null
  /** The rules that flagged it, comma-separated (domain/flag-rules.ts); null when none did. */
  flags: string | null
  /** An administrator's review of a flagged response: status ok again (genuine) or still flagged (confirmed). */
  reviewed_by: number | null
  reviewed_at: string | null
  /** 1: answered through a one-time ticket from the one-stop-shop system (a real dossier behind it). */
  verified: Generated<number>
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
  /** Last use, written at most once a minute: a session idle too long ends. */
  last_seen_at: string | null
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

/** What administrators set at run time (retention_months, …), one row a key. */
export interface SettingTable {
  key: string
  value: string
}

export interface Database {
  settings: SettingTable
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
  kiosk_devices: KioskDeviceTable
  login_attempts: LoginAttemptTable
  audit_log: AuditLogTable
  client_keys: ClientKeyTable
  export_log: ExportLogTable
  period_reviews: PeriodReviewTable
  period_snapshots: PeriodSnapshotTable
  api_clients: ApiClientTable
  tickets: TicketTable
  transactions: TransactionTable
  webhooks: WebhookTable
  webhook_deliveries: WebhookDeliveryTable
}

/** Failed logins of one username or one client (both as keyed hashes), counted over a window. */
export interface LoginAttemptTable {
  key: string
  failures: number
  window_start: string
  locked_until: string | null
}

/** Who did what, when: administrative changes, logins, exports, flag reviews. */
export interface AuditLogTable {
  id: Generated<number>
  at: string
  user_id: number | null
  username: string | null
  action: string
  target_type: string | null
  target_id: string | null
  /** JSON text. */
  detail: string | null
  /** Keyed hash of the client address (the key lives one day): never the address. */
  client_key: string | null
}

/** The day's random key for client pseudonyms; older days' keys are deleted. */
export interface ClientKeyTable {
  day: string
  key: string
}

/** One export made: who, when, what (kind, format, filters as JSON); sha256 of the file when its period was frozen. */
export interface ExportLogTable {
  id: Generated<number>
  at: string
  user_id: number | null
  kind: string
  format: string
  filters: string
  period_frozen: number
  rows: number
  sha256: string | null
  /** The time the file states it was made: the approval time for a frozen period, so a repeat gives the same bytes. */
  made_at: string
}

/** A unit's period (month, quarter, year) on its way to approval and publication. */
export interface PeriodReviewTable {
  id: Generated<number>
  unit_id: number
  period_key: string
  /** draft, submitted, returned, approved. */
  status: string
  remark: string | null
  submitted_by: number | null
  submitted_at: string | null
  returned_by: number | null
  returned_at: string | null
  approved_by: number | null
  approved_at: string | null
  /** Set when administrators publish an approved period on the public pages. */
  published_by: number | null
  published_at: string | null
  updated_at: string
}

/** The figures of an approved period as they were at approval (JSON). */
export interface PeriodSnapshotTable {
  review_id: number
  created_at: string
  figures: string
}

export type Unit = Selectable<UnitTable>
export type Service = Selectable<ServiceTable>
export type Touchpoint = Selectable<TouchpointTable>
export type NewResponse = Insertable<ResponseTable>
export type User = Selectable<UserTable>
export type GrantRow = Selectable<GrantTable>
