// Makes sure what the tests need is on the machine before vitest runs:
// Debian's chromium for the browser tests and PostgreSQL 15 for the second
// pass of the suite, installed with apt-get when running as root and missing.
// Everything else comes from npm.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = process.env.HAILONG_CHROMIUM || '/usr/bin/chromium'
const POSTGRES = '/usr/lib/postgresql/15/bin/postgres'

const missing = []
if (!existsSync(CHROMIUM)) missing.push('chromium')
if (!existsSync(POSTGRES) && process.env.HAILONG_SKIP_POSTGRES !== '1') missing.push('postgresql-15')

if (missing.length) {
  if (process.getuid?.() === 0) {
    console.log(`[prepare] installing ${missing.join(', ')} from Debian packages…`)
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`, { stdio: 'inherit', shell: '/bin/bash' })
  } else if (missing.includes('chromium')) {
    console.error(`[prepare] ${CHROMIUM} is missing: sudo apt-get install chromium postgresql-15 (or set HAILONG_CHROMIUM)`)
    process.exit(1)
  }
}
