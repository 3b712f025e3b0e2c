// Runs vitest with its usual output and, when the run fails (a test, or an
// error outside any test), writes a short list of what failed to
// test/.results/<name>.txt and prints it last. CI shows only the tail of a
// run, and after a failure on PostgreSQL the tail is pg_virtualenv's copy of
// the server log: postgres-pass.mjs prints this list again after it, so the
// failure is what a reader sees first.
//
//   node test/setup/run-vitest.mjs <name> [vitest args…]
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'

const [name = 'suite', ...args] = process.argv.slice(2)
const dir = 'test/.results'
const json = `${dir}/${name}.json`
const summary = `${dir}/${name}.txt`
mkdirSync(dir, { recursive: true })
rmSync(summary, { force: true })

// vitest's output passes through as it comes; its tail is kept for errors raised outside any test, which the JSON report leaves out.
const child = spawn('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], { stdio: ['inherit', 'pipe', 'pipe'] })
let tail = ''
const keep = (d) => (tail = (tail + d.toString()).slice(-200_000))
child.stdout.on('data', (d) => (process.stdout.write(d), keep(d)))
child.stderr.on('data', (d) => (process.stderr.write(d), keep(d)))
const status = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)))
if (status !== 0) {
  const text = failures() + outsideTests()
  writeFileSync(summary, text)
  console.error(text)
}
process.exit(status)

function failures() {
  let report
  try {
    report = JSON.parse(readFileSync(json, 'utf8'))
  } catch {
    return `[${name}] vitest exited with ${status} and wrote no report\n`
  }
  const lines = [`[${name}] ${report.numFailedTests ?? '?'} failed test(s), ${report.numFailedTestSuites ?? '?'} failed file(s):`]
  for (const file of report.testResults ?? []) {
    const path = relative(process.cwd(), file.name)
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed')
    if (!failed.length && file.status === 'failed') lines.push(`  ${path}: ${firstLines(file.message)}`)
    for (const a of failed) lines.push(`  ${path} > ${a.fullName}`, ...(a.failureMessages ?? []).map((m) => `      ${firstLines(m)}`))
  }
  return lines.join('\n') + '\n'
}

/** vitest's "Unhandled Errors" section: an error no test caught (a server's connection failing after its test, say) fails the run too. */
function outsideTests() {
  const plain = tail.replace(/\x1b\[[0-9;]*m/g, '')
  const at = plain.indexOf('Unhandled Error')
  if (at < 0) return ''
  const lines = plain.slice(at).split('\n').filter((l) => l.trim() && !/^[⎯\s]+$/.test(l) && !/node_modules|node:internal|Serialized Error/.test(l))
  return `  errors outside any test:\n${lines.slice(0, 16).map((l) => `      ${l.slice(0, 300)}`).join('\n')}\n`
}

function firstLines(text = '') {
  // vitest's own frames say nothing about the failure.
  const own = text.split('\n').filter((l) => !/node_modules|new Promise/.test(l))
  return own.slice(0, 12).join('\n      ')
}
