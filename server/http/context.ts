/**
 * What every route can reach: the dependencies built once at start-up and,
 * per request, the language and the signed-in user.
 */
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { DialectName } from '../db/dialect.ts'
import type { Database, User } from '../db/schema.ts'
import type { Access } from '../domain/access.ts'
import type { Target } from '../domain/targets.ts'
import type { ResponseWriter } from '../store/response-writer.ts'
import type { SurveyCatalogue } from '../surveys/load-surveys.ts'
import type { Translate } from '../../web/i18n/messages.ts'
import type { ClientInfo } from './client-address.ts'
import type { ApiClientAuth } from './client-auth.ts'

export interface AppDeps {
  config: Config
  db: Kysely<Database>
  dialect: DialectName
  surveys: SurveyCatalogue
  writer: ResponseWriter
  /** Targets in force, reloaded when an administrator edits them. */
  targets: () => Target[]
  /** Re-reads the targets after an administrator changed them. */
  reloadTargets: () => Promise<void>
}

export interface AppEnv {
  Variables: {
    lang: string
    t: Translate
    user: User | null
    /** What the user may read and manage; NO_ACCESS when nobody is signed in. */
    access: Access
    /** The client's address and scheme, through a trusted proxy if one is configured (client-address.ts). */
    client: ClientInfo
    /** The API client behind a bearer token (client-auth.ts); null for everyone else. */
    apiClient: ApiClientAuth | null
  }
}
