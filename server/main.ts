/**
 * Starts hailong and prints where to find it.
 */
import { serve } from '@hono/node-server'
import { boot } from './boot.ts'
import { readConfig } from './config.ts'

async function main() {
  const config = readConfig()
  const started = Date.now()
  const hl = await boot(config)
  if (hl.generatedPassword) {
    console.log(`[hailong] created user "admin" with password: ${hl.generatedPassword}`)
    console.log('[hailong] (shown once; set HAILONG_ADMIN_PASSWORD to choose it)')
  }
  if (hl.demo) console.log(`[hailong] demo province created: ${hl.demo.units} units, ${hl.demo.touchpoints.length} survey points, ${hl.demo.responses} responses (${Date.now() - started} ms)`)

  const server = serve({ fetch: hl.app.fetch, port: config.port }, (info) => {
    console.log(`[hailong] listening on port ${info.port} (${hl.store.dialect}${hl.store.file ? `: ${hl.store.file}` : ''})`)
    console.log(`[hailong] dashboard: ${config.publicUrl}/dashboard`)
    if (hl.demo) {
      const seen = new Set<string>()
      console.log('[hailong] survey pages:')
      for (const tp of hl.demo.touchpoints) {
        if (seen.has(tp.survey)) continue
        seen.add(tp.survey)
        console.log(`  ${config.publicUrl}/s/${tp.code}   ${tp.survey}: ${tp.unit} — ${tp.label}`)
      }
    }
  })

  const stop = () => {
    server.close()
    void hl.shutdown().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  console.error(`[hailong] cannot start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
