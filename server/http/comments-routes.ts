/**
 * GET /api/v1/comments and the /comments page: the comments of a subtree the
 * user reads, newest day first, masked. Today's comments wait until the day
 * is over, so nobody at a counter can tie a comment to the citizen just served.
 */
import { Hono, type Context } from 'hono'
import { addDays, localDay } from '../domain/local-day.ts'
import { local } from '../domain/survey-types.ts'
import type { Tone } from '../domain/comment-tone.ts'
import { AppError } from '../errors.ts'
import { decodeCursor, encodeCursor, listComments } from '../store/comments.ts'
import { listServices } from '../store/services.ts'
import { listTouchpoints } from '../store/touchpoints.ts'
import { listSubtree } from '../store/units.ts'
import { CommentsPage } from '../../web/pages/comments-page.tsx'
import { renderPage } from '../../web/pages/render.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { parseScopeQuery } from './results-query.ts'
import { staffUser } from './staff-user.ts'
import { readableRoots, requireLoginPage, requireUser } from './auth.ts'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 200

function idParam(c: Context<AppEnv>, name: string): number | null {
  const raw = c.req.query(name)
  if (!raw) return null
  if (!/^\d{1,12}$/.test(raw)) throw new AppError(400, 'invalid_query', { detail: name })
  return Number(raw)
}

async function parseQuery(c: Context<AppEnv>, deps: AppDeps) {
  const roots = await readableRoots(c, deps)
  if (!roots.length) throw new AppError(403, 'no_role')
  const scope = await parseScopeQuery(c, deps, { unit: roots[0] })
  const rawRating = c.req.query('rating') || null
  if (rawRating !== null && rawRating !== 'negative' && rawRating !== 'positive') throw new AppError(400, 'invalid_query', { detail: 'rating ∈ negative|positive' })
  const rawBefore = c.req.query('before') || null
  const before = rawBefore === null ? null : decodeCursor(rawBefore)
  if (rawBefore !== null && !before) throw new AppError(400, 'invalid_query', { detail: 'before' })
  const rawLimit = c.req.query('limit')
  const limit = rawLimit === undefined ? DEFAULT_LIMIT : Number(rawLimit)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new AppError(400, 'invalid_query', { detail: `limit = 1…${MAX_LIMIT}` })
  // Comments of the current local day stay hidden until it is over.
  const shownUntil = addDays(localDay(new Date()), -1)
  return {
    ...scope,
    roots,
    serviceId: idParam(c, 'service'),
    touchpointId: idParam(c, 'touchpoint'),
    rating: rawRating as Tone | null,
    before,
    limit,
    shownUntil,
  }
}

type Query = Awaited<ReturnType<typeof parseQuery>>

function load(deps: AppDeps, q: Query, lang: string) {
  return listComments(deps.db, deps.surveys, {
    unitPath: q.unit.path,
    from: q.from,
    to: q.to < q.shownUntil ? q.to : q.shownUntil,
    surveyId: q.surveyId,
    serviceId: q.serviceId,
    touchpointId: q.touchpointId,
    rating: q.rating,
    before: q.before,
    limit: q.limit,
    lang,
  })
}

export function commentsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/api/v1/comments', requireUser, async (c) => {
    const q = await parseQuery(c, deps)
    const page = await load(deps, q, c.get('lang'))
    return c.json({ unit: { id: q.unit.id, name: q.unit.name }, period: q.period.key, from: q.from, to: q.to, shown_until: q.shownUntil, items: page.items, next: page.next ? encodeCursor(page.next) : null })
  })

  app.get('/comments', requireLoginPage, async (c) => {
    const q = await parseQuery(c, deps)
    const lang = c.get('lang')
    const page = await load(deps, q, lang)
    const units = (await Promise.all(q.roots.map((r) => listSubtree(deps.db, r)))).flat()
    const touchpoints = await listTouchpoints(deps.db, q.unit.path)
    const html = CommentsPage({
      t: c.get('t'),
      lang,
      user: staffUser(c)!,
      today: localDay(new Date()),
      shownUntil: q.shownUntil,
      units: units.map((u) => ({ id: u.id, name: u.name, depth: u.path.split('/').length - 3 })),
      services: (await listServices(deps.db)).map((s) => ({ id: s.id, name: s.name })),
      touchpoints: touchpoints.slice(0, 500).map((tp) => ({ id: tp.id, label: `${tp.unit_name} — ${tp.label}` })),
      surveys: [...deps.surveys.values()].map((s) => ({ id: s.id, title: local(s.title, lang) })),
      query: { unit: q.unit.id, period: q.period, survey: q.surveyId, service: q.serviceId, touchpoint: q.touchpointId, rating: q.rating, limit: q.limit },
      items: page.items,
      next: page.next ? encodeCursor(page.next) : null,
    })
    return c.html(renderPage(html))
  })

  return app
}
