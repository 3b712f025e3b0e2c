/**
 * The one-stop-shop integration, mounted as one: API clients, one-time
 * tickets and their citizen pages, transaction counts, webhooks, and the
 * API's human documentation.
 */
import { Hono } from 'hono'
import { clientsRoutes } from './clients-routes.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { docsRoutes } from './docs-routes.ts'
import { ticketSurveyRoutes } from './ticket-survey-routes.ts'
import { ticketsRoutes } from './tickets-routes.ts'
import { transactionsRoutes } from './transactions-routes.ts'
import { webhooksRoutes } from './webhooks-routes.ts'

export function integrationRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  for (const part of [clientsRoutes, ticketsRoutes, ticketSurveyRoutes, transactionsRoutes, webhooksRoutes, docsRoutes]) app.route('/', part(deps))
  return app
}
