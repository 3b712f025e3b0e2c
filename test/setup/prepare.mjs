// Makes sure what the tests need is on the machine before vitest runs:
// Debian's chromium for the browser tests (installed with apt-get when
// running as root and it is missing). Everything else comes from npm.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = process.env.HAILONG_CHROMIUM || '/usr/bin/chromium'

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.log('[prepare] installing chromium from Debian packages…')
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit', shell: '/bin/bash' })
  } else {
    console.error(`[prepare] ${CHROMIUM} is missing: install Debian's chromium (sudo apt-get install chromium) or set HAILONG_CHROMIUM`)
    process.exit(1)
  }
}
