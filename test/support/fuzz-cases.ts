/**
 * The requests of the public-route fuzz test (test/api/fuzz.test.ts): every
 * kind of bad request to the submission API, the survey form, the pages,
 * login and the HTTP layer itself, and what a right answer to one is.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { normaliseTouchpointCode } from '../../server/domain/touchpoint-code.ts'
import { responseBody } from '../../server/http/schemas.ts'
import { CATALOGUES } from '../../web/i18n/messages.ts'
import { badChoice, badComment, CONTROL_CHARS, extraHeaders, FRAGMENTS, INVALID_UTF8, JSON_TYPES, notAString, notJsonType, pct, spliceBytes, text } from './hostile-values.ts'
import type { RawRequest, RawResponse } from './raw-http.ts'
import { ADMIN_PASSWORD } from './start-server.ts'

/** A case: the request, whether it breaks HTTP itself (Node may answer 400/431 before the app), and the response ids it carries. */
export interface Case {
  req: RawRequest
  malformedHttp: boolean
  ids: string[]
  note: string
}

const badCode = (code: string) => text.filter((s) => normaliseTouchpointCode(s) !== code)
const knownTop = () => new Set(Object.keys(responseBody.shape))

// ---- POST /api/v1/responses ---------------------------------------------

type Body = Record<string, unknown>
type Mutation = [string, (b: Body) => unknown]
const mutation = (note: string, change: (b: Body) => unknown): Mutation => [note, change]
const validBody = (code: string) => (id: string): Body => ({ id, touchpoint: code, answers: { overall: 1 } })

/** One change that makes a valid body invalid, at the shape (zod) or the answers (validator) layer. */
const bodyMutation = (code: string): fc.Arbitrary<Mutation> =>
  fc.oneof(
    text.filter((s) => !/^[0-9a-f-]{36}$/i.test(s.trim())).map((v) => mutation('bad id', (b) => ({ ...b, id: v }))),
    notAString.map((v) => mutation('id type', (b) => ({ ...b, id: v }))),
    fc.constantFrom('id', 'touchpoint', 'answers').map((k) => mutation(`no ${k}`, (b) => Object.fromEntries(Object.entries(b).filter(([key]) => key !== k)))),
    badCode(code).map((v) => mutation('unknown touchpoint', (b) => ({ ...b, touchpoint: v }))),
    notAString.map((v) => mutation('touchpoint type', (b) => ({ ...b, touchpoint: v }))),
    badChoice([0, 1, 2], true).map((v) => mutation('bad overall', (b) => ({ ...b, answers: { overall: v } }))),
    badChoice([1, 2, 3, 4, 5, 6, 7], false).map((v) => mutation('bad improve', (b) => ({ ...b, answers: { overall: 0, improve: v } }))),
    text.filter((k) => k !== 'overall' && k !== 'improve').map((k) => mutation('unknown item', (b) => ({ ...b, answers: { overall: 1, [k]: 1 } }))),
    fc.constant(mutation('missing overall', (b) => ({ ...b, answers: { improve: 2 } }))),
    fc.constant(mutation('no answers', (b) => ({ ...b, answers: {} }))),
    fc.oneof(notAString.filter((v) => v !== null && !(typeof v === 'object' && !Array.isArray(v))), text).map((v) => mutation('answers type', (b) => ({ ...b, answers: v }))),
    badComment.map((v) => mutation('bad comment', (b) => ({ ...b, comment: v }))),
    fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 })).map((v) => mutation('comment type', (b) => ({ ...b, comment: v }))),
    notAString.filter((v) => v !== undefined).map((v) => mutation('lang type', (b) => ({ ...b, lang: v }))),
    text.filter((k) => !knownTop().has(k)).map((k) => mutation('unknown member', (b) => ({ ...b, [k]: 1 }))),
    fc.oneof(fc.array(fc.integer(), { maxLength: 3 }), fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean()).map((v) => mutation('not an object', () => v)),
  )

/** A JSON body that must be refused: a mutation of a valid one, or broken JSON, bytes or framing. */
function jsonCase(path: string, valid: (id: string) => Body, mutations: fc.Arbitrary<Mutation>): fc.Arbitrary<Case> {
  const request = (note: string, id: string, body: Buffer, type: string | null = 'application/json', chunked = false): Case => ({
    req: { method: 'POST', path, headers: type === null ? [] : [['Content-Type', type]], body, chunked },
    malformedHttp: false,
    ids: [id],
    note,
  })
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'undefined')
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.uuid(), mutations, fc.constantFrom(...JSON_TYPES), fc.boolean()).map(([id, [note, m], type, chunked]) => request(note, id, enc(m(valid(id))), type, chunked)) },
    fc.tuple(fc.uuid(), fc.nat()).map(([id, cut]) => {
      const whole = enc(valid(id))
      return request('truncated JSON', id, whole.subarray(0, cut % whole.length))
    }),
    fc.tuple(fc.uuid(), fc.nat(), fc.constantFrom(...INVALID_UTF8)).map(([id, at, bad]) => request('invalid UTF-8', id, spliceBytes(enc(valid(id)), at, bad))),
    fc.tuple(fc.uuid(), fc.integer({ min: 16 * 1024, max: 64 * 1024 }), fc.boolean()).map(([id, size, chunked]) => request('oversized', id, enc({ ...valid(id), comment: 'x'.repeat(size) }), 'application/json', chunked)),
    fc.tuple(fc.uuid(), fc.integer({ min: 1, max: 8000 })).map(([id, depth]) => request('deep nesting', id, Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`))),
    fc.tuple(fc.uuid(), text).map(([id, junk]) => request('not JSON', id, Buffer.from(`{${junk}`))),
    fc.tuple(fc.uuid(), notJsonType).map(([id, type]) => request(`content type ${JSON.stringify(type)}`, id, enc(valid(id)), type)),
    fc.uuid().map((id) => request('no content type', id, enc(valid(id)), null)),
  )
}

// ---- the form, the pages, login ------------------------------------------

type Fields = [string, string][]
type FormMutation = [string, (f: Fields) => Fields]
const formMutationOf = (note: string, change: (f: Fields) => Fields): FormMutation => [note, change]
const formMutation: fc.Arbitrary<FormMutation> = fc.oneof(
  badChoice([0, 1, 2], true)
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map((v) => formMutationOf('bad overall', (f) => [...f.filter(([k]) => k !== 'overall'), ['overall', String(v)]])),
  fc.constant(formMutationOf('twice overall', (f) => [...f, ['overall', '1']])),
  text.filter((k) => !['id', 'lang', 'comment', 'overall', 'improve'].includes(k)).map((k) => formMutationOf('unknown item', (f) => [...f, [k, '1']])),
  text.filter((s) => !/^\s*[0-9a-f-]{36}\s*$/i.test(s)).map((v) => formMutationOf('bad id', (f) => [...f.filter(([k]) => k !== 'id'), ['id', v]])),
  fc.constant(formMutationOf('no id', (f) => f.filter(([k]) => k !== 'id'))),
  // A form cannot carry a lone surrogate (it is sent as U+FFFD, which is fine).
  badComment.filter((v) => v.isWellFormed()).map((v) => formMutationOf('bad comment', (f) => [...f, ['comment', v]])),
)

function formCase(code: string): fc.Arbitrary<Case> {
  const fields = (id: string): Fields => [
    ['id', id],
    ['lang', 'vi'],
    ['overall', '1'],
  ]
  const enc = (f: Fields) => Buffer.from(new URLSearchParams(f).toString())
  const FORM = 'application/x-www-form-urlencoded'
  const accept = fc.constantFrom<[string, string][]>([], [['Accept', 'application/json']], [['Accept', 'text/html']])
  const at = (c: string) => `/s/${pct(c)}`
  const post = (note: string, id: string, path: string, headers: [string, string][], body: Buffer): Case => ({ req: { method: 'POST', path, headers, body }, malformedHttp: false, ids: [id], note })
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.uuid(), formMutation, accept).map(([id, [note, m], acc]) => post(`form ${note}`, id, at(code), [['Content-Type', FORM], ...acc], enc(m(fields(id))))) },
    fc.tuple(fc.uuid(), badCode(code), accept).map(([id, c, acc]) => post('form to an unknown code', id, at(c), [['Content-Type', FORM], ...acc], enc(fields(id)))),
    fc.tuple(fc.uuid(), fc.nat(), fc.constantFrom(...INVALID_UTF8)).map(([id, n, bad]) => post('form invalid UTF-8', id, at(code), [['Content-Type', FORM]], spliceBytes(enc(fields(id)), n, bad))),
    fc.tuple(fc.uuid(), fc.integer({ min: 16 * 1024, max: 64 * 1024 })).map(([id, size]) => post('form oversized', id, at(code), [['Content-Type', FORM]], enc([...fields(id), ['comment', 'y'.repeat(size)]]))),
    fc.tuple(fc.uuid(), fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', '')).map(([id, type]) => post(`form as ${type}`, id, at(code), [['Content-Type', type]], enc(fields(id)))),
  )
}

/** GET pages and images of codes that do not exist, percent-encoded or as raw bytes. */
function pageCase(code: string): fc.Arbitrary<Case> {
  const shapes = (c: string) => [`/s/${c}`, `/s/${c}/thanks`, `/poster/${c}`, `/qr/${c}.svg`, `/qr/${c}.png`, `/api/v1/surveys/${c}`]
  const surveyIds = new Set(['counter-rating', 'sipas', 'health-outpatient', 'health-inpatient', 'education-parents'])
  return fc.tuple(badCode(code).filter((c) => !surveyIds.has(c)), fc.nat(5), fc.boolean(), fc.constantFrom('GET', 'HEAD'), text).map(([c, which, raw, method, lang]) => {
    const path = shapes(raw ? c : pct(c))[which]!
    return { req: { method, path: Buffer.from(`${path}?lang=${pct(lang)}`), headers: [], body: null }, malformedHttp: raw, ids: [], note: `${method} ${raw ? 'raw' : 'encoded'} ${path.slice(0, 40)}` }
  })
}

function loginCases(): fc.Arbitrary<Case> {
  const wrongPassword = text.filter((p) => p !== ADMIN_PASSWORD)
  const api = jsonCase(
    '/api/v1/auth/login',
    () => ({ username: 'admin', password: 'not-the-password' }),
    fc.oneof(
      fc.tuple(text, wrongPassword).map(([u, p]) => mutation('wrong credentials', () => ({ username: u, password: p }))),
      notAString.map((v) => mutation('username type', (b) => ({ ...b, username: v }))),
      text.filter((k) => k !== 'username' && k !== 'password').map((k) => mutation('unknown member', (b) => ({ ...b, [k]: 1 }))),
    ),
  )
  const page = fc.tuple(text, wrongPassword, fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/json', '')).map(([u, p, type]) => ({
    req: { method: 'POST', path: '/login', headers: [['Content-Type', type]] as [string, string][], body: Buffer.from(new URLSearchParams({ username: u, password: p, next: '//evil.example' }).toString()) },
    malformedHttp: false,
    ids: [],
    note: 'login page',
  }))
  return fc.oneof(api, page)
}

/** Requests that are wrong at the HTTP level: odd methods anywhere, and the health check asked the wrong way. */
function methodCase(code: string): fc.Arbitrary<Case> {
  const paths = ['/healthz', '/api/v1/responses', `/s/${code}`, `/s/${code}/thanks`, `/qr/${code}.svg`, `/poster/${code}`, '/api/v1/surveys/sipas', '/api/v1/auth/login', '/login']
  return fc.tuple(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO', 'get'), fc.constantFrom(...paths)).map(([method, path]) => ({
    req: { method, path, headers: [], body: method === 'PUT' || method === 'PATCH' ? Buffer.from('{}') : null },
    // llhttp knows only the registered methods, in capitals.
    malformedHttp: method === 'FOO' || method === 'get',
    ids: [],
    note: `${method} ${path}`,
  }))
}

/** Line breaks would smuggle a second request or body: out. Other bytes HTTP forbids stay, and Node's parser may refuse them (400, 431). */
function sealHeaders(c: Case): Case {
  const headers = c.req.headers.map(([name, value]) => [name, Buffer.from(value.toString().replace(/[\r\n]/g, ' '), 'utf8')] as [string, Buffer])
  const badName = headers.some(([name]) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
  const badValue = headers.some(([, v]) => v.some((b) => (b < 0x20 && b !== 0x09) || b === 0x7f))
  // Node counts the request line and the headers together against its 16 KiB limit.
  const huge = headers.reduce((n, [k, v]) => n + k.length + v.length, c.req.path.length) > 16_000
  const sealed = { ...c, req: { ...c.req, headers }, malformedHttp: c.malformedHttp || badName || badValue || huge }
  // A counterexample prints as a summary, not as 40 KB of body.
  return Object.assign(sealed, { [fc.toStringMethod]: () => `${c.note}: ${c.req.method} ${c.req.path.toString('latin1').slice(0, 120)} ${JSON.stringify(headers.map(([k, v]) => [k, v.toString('latin1').slice(0, 80)]))} body ${c.req.body?.toString('latin1').slice(0, 300) ?? '(none)'}` })
}

/** Any bad request to a public route, for a server with the touchpoint `code`. */
export const anyCase = (code: string): fc.Arbitrary<Case> =>
  fc
    .tuple(
      fc.oneof(
        { weight: 6, arbitrary: jsonCase('/api/v1/responses', validBody(code), bodyMutation(code)) },
        { weight: 3, arbitrary: formCase(code) },
        { weight: 3, arbitrary: pageCase(code) },
        // scrypt makes every well-formed login slow on purpose: fewer of them.
        { weight: 1, arbitrary: loginCases() },
        { weight: 1, arbitrary: methodCase(code) },
      ),
      // One case in three carries extra headers; most of those still reach the app.
      fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: extraHeaders }),
    )
    .map(([c, extra]) => sealHeaders(extra ? { ...c, req: { ...c.req, headers: [...c.req.headers, ...extra] } } : c))

// ---- the check -----------------------------------------------------------

export const wantsJson = (c: Case) => {
  const path = c.req.path.toString('latin1')
  return path.startsWith('/api/') || c.req.headers.some(([k, v]) => k.toLowerCase() === 'accept' && v.toString().includes('application/json'))
}

export function problemWith(c: Case, res: RawResponse): string | null {
  if (res.status < 400 || res.status > 499) return `status ${res.status}`
  // The app sets its security headers on everything it answers; Node's parser answers without them.
  if (!res.headers['x-content-type-options']) return c.malformedHttp && (res.status === 400 || res.status === 431) ? null : `an answer (${res.status}) that did not come from the app`
  if (c.req.method === 'HEAD') return null
  if (!wantsJson(c)) return res.headers['content-type']?.startsWith('text/html') ? null : `content type ${res.headers['content-type']}`
  let code: unknown
  try {
    code = JSON.parse(res.body.toString('utf8')).error?.code
  } catch {
    return `not JSON: ${res.body.toString('utf8').slice(0, 100)}`
  }
  return typeof code === 'string' && code !== 'internal' && `error.${code}` in CATALOGUES.vi! && `error.${code}` in CATALOGUES.en! ? null : `error code ${JSON.stringify(code)}`
}

/** Every known nasty string in every string field of every public route: too rare to count on the dice for. */
export function nastyCases(code: string): Case[] {
  let client = 0
  const from = (): [string, string] => ['X-Forwarded-For', `10.9.${++client >> 8}.${client & 255}`]
  const json = (path: string, body: unknown): Case => ({ req: { method: 'POST', path, headers: [['Content-Type', 'application/json'], from()], body: Buffer.from(JSON.stringify(body)) }, malformedHttp: false, ids: [], note: `${path} ${JSON.stringify(body).slice(0, 80)}` })
  const form = (path: string, fields: Record<string, string>): Case => ({ req: { method: 'POST', path, headers: [['Content-Type', 'application/x-www-form-urlencoded'], from()], body: Buffer.from(new URLSearchParams(fields).toString()) }, malformedHttp: false, ids: [], note: `${path} ${JSON.stringify(fields).slice(0, 80)}` })
  const get = (path: string): Case => ({ req: { method: 'GET', path, headers: [], body: null }, malformedHttp: false, ids: [], note: `GET ${path.slice(0, 80)}` })
  const values = [...FRAGMENTS, ...CONTROL_CHARS.map((ch) => `a${ch}b`)]
  // A login costs a deliberate scrypt: the fragments and a few control characters are enough there.
  const logins = [...FRAGMENTS, 'a\u0000b', 'a\u001fb', 'a\u007fb', 'a\u0085b'].flatMap((v) => [
    json('/api/v1/auth/login', { username: v, password: 'not-the-password' }),
    json('/api/v1/auth/login', { username: 'admin', password: v }),
    form('/login', { username: v, password: 'not-the-password' }),
  ])
  return [...logins, ...values.flatMap((v) => {
    const id = randomUUID()
    // SQL and HTML are fine in a comment (stored as text; see the test); control characters and lone surrogates are not.
    const badText = !v.isWellFormed() || CONTROL_CHARS.some((ch) => v.includes(ch))
    return [
      ...(badText ? [{ ...json('/api/v1/responses', { id, touchpoint: code, answers: { overall: 1 }, comment: v }), ids: [id] }] : []),
      { ...json('/api/v1/responses', { id, touchpoint: v, answers: { overall: 1 } }), ids: [id] },
      { ...json('/api/v1/responses', { id, touchpoint: code, answers: { overall: 1 }, lang: 7, comment: v }), ids: [id] },
      { ...json('/api/v1/responses', { id, touchpoint: code, answers: { overall: v } }), ids: [id] },
      { ...json('/api/v1/responses', { id, touchpoint: code, answers: { overall: 1, [v]: 1 } }), ids: [id] },
      { ...form(`/s/${code}`, { id, overall: v }), ids: [id] },
      { ...form(`/s/${code}`, { id, overall: '1', [v]: '1' }), ids: [id] },
      ...[`/s/${pct(v)}`, `/s/${pct(v)}/thanks`, `/poster/${pct(v)}`, `/qr/${pct(v)}.svg`, `/api/v1/surveys/${pct(v)}`].map(get),
    ]
  })]
}
