// The hono application: request ids, size limits, routes and the one error mapper.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { configOf } from './config.ts'
import type { AppEnv } from './http/app-env.ts'
import { errorResponse, onError } from './http/on-error.ts'
import { mountRoutes } from './http/route.ts'
import { allRoutes } from './routes/all-routes.ts'

/**
 * Largest body any route accepts. The largest is a gate's upload: 1,000 pass events with every
 * field at its longest come to ~250 KB (MAX_PASS_EVENT_BATCH).
 */
export const MAX_BODY_BYTES = 256 * 1024

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.use(async (c, next) => {
    c.set('requestId', c.req.header('cf-ray') ?? crypto.randomUUID())
    c.set('config', configOf(c.env))
    await next()
    c.header('x-request-id', c.get('requestId'))
  })
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        errorResponse(c, 'BODY_TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES} bytes`),
    }),
  )

  mountRoutes(app, allRoutes)
  // A person who opens the bare address wants the resident app, not a JSON 404.
  app.get('/', (c) => c.redirect('/app/'))

  app.notFound((c) => errorResponse(c, 'NOT_FOUND', 'No such route'))
  app.onError(onError)
  return app
}
