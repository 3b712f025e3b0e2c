// The second pass of the suite: the API and browser tests again, on a real
// PostgreSQL 15 server that Debian's pg_virtualenv creates in a temporary
// folder on a loopback port and destroys afterwards.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

if (process.env.HAILONG_SKIP_POSTGRES === '1') process.exit(0)
if (!existsSync('/usr/bin/pg_virtualenv') || !existsSync('/usr/lib/postgresql/15/bin/postgres')) {
  console.error('[postgres] pg_virtualenv or PostgreSQL 15 is missing: apt-get install postgresql-15 (or HAILONG_SKIP_POSTGRES=1)')
  process.exit(1)
}
console.log('[postgres] running the API and browser tests on PostgreSQL 15')
const summary = 'test/.results/postgres.txt'
const run = spawnSync('pg_virtualenv', ['-t', '-v', '15', 'env', 'HAILONG_TEST_DIALECT=postgres', 'node', 'test/setup/run-vitest.mjs', 'postgres', 'test/api', 'test/e2e'], { stdio: 'inherit' })
// pg_virtualenv ends a failed run with the server's log: repeat what failed after it.
if (run.status !== 0 && existsSync(summary)) console.error(readFileSync(summary, 'utf8'))
process.exit(run.status ?? 1)
