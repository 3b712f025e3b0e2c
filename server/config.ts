/**
 * The one place that reads the environment.
 */
import { resolve } from 'node:path'
import { fromRoot } from './paths.ts'

export interface Config {
  port: number
  /** Data folder: the SQLite file and generated secrets live here. */
  dataDir: string
  /** postgres://… to run on PostgreSQL; unset for the SQLite file. */
  databaseUrl: string | null
  /** Create the demo province when the database is empty. */
  demo: boolean
  /** Address printed on posters and QR codes, e.g. https://hailong.example.gov.vn */
  publicUrl: string
  /** First administrator's password; generated and printed once when unset. */
  adminPassword: string | null
  surveysDir: string
  /** Minimum n for a verdict (the "too few responses" line). */
  minN: number
  /** Below this many responses a figure is shown as "too few responses", never as a percentage (privacy of small groups). */
  suppressBelow: number
  /** HAILONG_RATE_LIMIT=0 switches off the rate limits and the volume flag rules (burst, duplicate_set): load tests only, never in service. */
  rateLimit: boolean
  /** A session unused this many minutes ends (0: only the 12-hour limit). */
  sessionIdleMinutes: number
  /** Addresses or CIDRs of the reverse proxy whose X-Forwarded-* headers are believed, or "loopback"; unset: those headers are ignored. */
  trustProxy: string | null
  /** The first webhook retry's delay in ms (then ×4 each time, for a day); tests shorten it. */
  webhookBackoffMs: number
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intSetting(env, 'PORT', 3000)
  return {
    port,
    dataDir: resolve(env.HAILONG_DATA || './data'),
    databaseUrl: env.DATABASE_URL || null,
    demo: env.HAILONG_DEMO !== '0',
    publicUrl: (env.HAILONG_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    adminPassword: env.HAILONG_ADMIN_PASSWORD || null,
    surveysDir: resolve(env.HAILONG_SURVEYS || fromRoot('surveys')),
    minN: intSetting(env, 'HAILONG_MIN_N', 30),
    suppressBelow: intSetting(env, 'HAILONG_SUPPRESS_BELOW', 10),
    rateLimit: env.HAILONG_RATE_LIMIT !== '0',
    sessionIdleMinutes: intSetting(env, 'HAILONG_SESSION_IDLE_MINUTES', 60),
    trustProxy: env.HAILONG_TRUST_PROXY?.trim() || null,
    webhookBackoffMs: intSetting(env, 'HAILONG_WEBHOOK_BACKOFF_MS', 5_000),
  }
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`)
  return n
}
