// The yardstick: a bare Hono route that parses the same JSON and answers 201.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
app.post('/api/v1/responses', async (c) => {
  const body = (await c.req.json()) as { id: string }
  return c.json({ id: body.id }, 201)
})
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, (info) => console.log(`ready ${info.port}`))
