/**
 * GET /api/docs: the human page of the API, built from the same OpenAPI
 * document as /api/v1/openapi.json (buildOpenApi), so the two never differ.
 */
import { Hono } from 'hono'
import { ApiDocsPage, type DocGroup, type DocOperation } from '../../web/pages/api-docs-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { buildOpenApi } from './openapi.ts'
import { staffUser } from './staff-user.ts'

interface Operation {
  summary?: string
  security?: Record<string, unknown>[]
  parameters?: { name: string; in: string; description?: string; schema?: { type?: string } }[]
  requestBody?: { content?: Record<string, { example?: unknown }> }
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

/** A curl command for one operation: the path's parameters as placeholders, the documented example as the body. */
export function curlOf(base: string, method: string, path: string, op: Operation): string {
  const auth = op.security?.some((s) => 'bearer' in s) ? ' \\\n  -H "Authorization: Bearer $HAILONG_TOKEN"' : op.security?.length ? ' \\\n  -b "hl_session=$HAILONG_SESSION"' : ''
  const url = base + path.replace(/\{(\w+)\}/g, (_, name: string) => `<${name}>`)
  const content = op.requestBody?.content ?? {}
  const type = Object.keys(content)[0]
  let data = ''
  if (type === 'application/json') data = ` \\\n  -H "Content-Type: application/json" \\\n  -d '${JSON.stringify(content[type]!.example ?? {}, null, 2).replace(/'/g, "'\\''")}'`
  else if (type) data = ` \\\n  -H "Content-Type: ${type}" \\\n  --data-binary @file`
  return `curl -X ${method.toUpperCase()} "${url}"${auth}${data}`
}

/** The document's operations grouped by the first part of their path after /api/v1/ (pages and files under "pages"). */
export function docGroups(doc: { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> }, base: string): DocGroup[] {
  const groups = new Map<string, DocOperation[]>()
  for (const [path, ops] of Object.entries(doc.paths)) {
    const key = path.startsWith('/api/v1/') ? path.split('/')[3]!.replace(/\..*$/, '') : path.startsWith('/api/') ? 'docs' : 'pages'
    for (const method of METHODS) {
      const op = ops[method]
      if (!op) continue
      const auth: DocOperation['auth'] = !op.security?.length ? 'public' : op.security.some((s) => 'bearer' in s) ? 'bearer' : 'session'
      const list = groups.get(key) ?? []
      list.push({ method: method.toUpperCase(), path, summary: op.summary ?? '', auth, params: (op.parameters ?? []).map((x) => ({ name: x.name, in: x.in, description: x.description ?? '' })), curl: curlOf(base, method, path, op) })
      groups.set(key, list)
    }
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, operations]) => ({ key, operations }))
}

export function docsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.get('/api/docs', (c) => {
    const base = deps.config.publicUrl
    const groups = docGroups(buildOpenApi(base) as unknown as Parameters<typeof docGroups>[0], base)
    return c.html(renderPage(ApiDocsPage({ t: c.get('t'), lang: c.get('lang'), user: staffUser(c), groups, publicUrl: base })))
  })
  return app
}
