// The second pass of the suite: the API and browser tests again, on a real
// PostgreSQL 15 server that Debian's pg_virtualenv creates in a temporary
// folder on a loopback port and destroys afterwards.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

if (process.env.HAILONG_SKIP_POSTGRES === '1') process.exit(0)
if (!existsSync('/usr/bin/pg_virtualenv') || !existsSync('/usr/lib/postgresql/15/bin/postgres')) {
  console.error('[postgres] pg_virtualenv or PostgreSQL 15 is missing: apt-get install postgresql-15 (or HAILONG_SKIP_POSTGRES=1)')
  process.exit(1)
}
console.log('[postgres] running the API and browser tests on PostgreSQL 15')
const run = spawnSync('pg_virtualenv', ['-t', '-v', '15', 'env', 'HAILONG_TEST_DIALECT=postgres', 'npx', 'vitest', 'run', 'test/api', 'test/e2e'], { stdio: 'inherit' })
process.exit(run.status ?? 1)
