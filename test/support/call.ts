/**
 * One HTTP call as the integration tests make them: a JSON or form body, a
 * bearer token or a session cookie, redirects left as they are, and the
 * answer's status, text and parsed JSON.
 */
export interface CallOptions {
  json?: unknown
  form?: Record<string, string>
  bearer?: string
  cookie?: string
}

export function caller(baseUrl: () => string, defaults: Record<string, string> = {}) {
  return async (method: string, path: string, opts: CallOptions = {}) => {
    const headers: Record<string, string> = { ...defaults }
    let body: string | undefined
    if (opts.json !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(opts.json)]
    if (opts.form) [headers['content-type'], body] = ['application/x-www-form-urlencoded', new URLSearchParams(opts.form).toString()]
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`
    if (opts.cookie) headers.cookie = opts.cookie
    const res = await fetch(baseUrl() + path, { method, headers, body, redirect: 'manual' })
    const text = await res.text()
    return { status: res.status, text, json: text.startsWith('{') ? JSON.parse(text) : null }
  }
}
