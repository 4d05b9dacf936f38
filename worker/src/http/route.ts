// A route is declared once, with its schemas: the same declaration validates
// requests, guards access and produces the OpenAPI document.
import { GreenGateError } from '@greengate/shared'
import type { Context, Hono } from 'hono'
import type { z } from 'zod'
import { authenticate, deviceOf, type Access, type DeviceLookup } from '../auth/authenticate.ts'
import { primary } from '../db/client.ts'
import type { AppEnv } from './app-env.ts'
import { parseWith, readJsonBody } from './validate.ts'

type Maybe = z.ZodType | undefined
type Infer<T extends Maybe> = T extends z.ZodType ? z.output<T> : undefined

export interface RouteInput<P extends Maybe, Q extends Maybe, B extends Maybe> {
  params: Infer<P>
  query: Infer<Q>
  body: Infer<B>
}

export interface Route<
  P extends Maybe = Maybe,
  Q extends Maybe = Maybe,
  B extends Maybe = Maybe,
  R extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** hono path syntax: `/people/:personId`. */
  path: string
  summary: string
  tag: string
  access: Access
  /** `handler`: the handler finds its device in its own statement (see DeviceLookup). */
  deviceLookup?: DeviceLookup
  params?: P
  query?: Q
  body?: B
  response: R
  /** Success status; 200 unless set. */
  status?: 200 | 201 | 202
  /** Handlers answer data (checked by type against `response`) or, rarely, a whole Response. */
  handler: (c: Context<AppEnv>, input: RouteInput<P, Q, B>) => Promise<z.input<R> | Response>
}

export function defineRoute<P extends Maybe, Q extends Maybe, B extends Maybe, R extends z.ZodType>(
  route: Route<P, Q, B, R>,
): Route {
  return route as unknown as Route
}

export function mountRoutes(app: Hono<AppEnv>, routes: readonly Route[]): void {
  for (const route of routes) {
    const lookup = route.deviceLookup ?? 'middleware'
    app.on(route.method.toUpperCase(), route.path, authenticate(route.access, lookup), (c) =>
      lookup === 'handler' ? deviceFirst(c, () => answer(c, route)) : answer(c, route),
    )
  }
}

async function answer(c: Context<AppEnv>, route: Route): Promise<Response> {
  const input = {
    params: route.params === undefined ? undefined : parseWith(route.params, c.req.param(), 'path'),
    query: route.query === undefined ? undefined : parseWith(route.query, c.req.query(), 'query'),
    body:
      route.body === undefined ? undefined : parseWith(route.body, await readJsonBody(c), 'body'),
  }
  const result = await route.handler(c, input)
  if (result instanceof Response) return result
  return c.json(result as object, route.status ?? 200)
}

/**
 * For a route whose handler looks its device up: an unknown or revoked device hears 401 and
 * nothing else, even when the request fails before the handler's statement ran (a broken
 * body, say); and a handler that answers without having found its device is a bug that must
 * not reach the caller.
 */
async function deviceFirst(c: Context<AppEnv>, run: () => Promise<Response>): Promise<Response> {
  let response: Response
  try {
    response = await run()
  } catch (err) {
    const refused = err instanceof GreenGateError && err.code === 'UNAUTHENTICATED'
    if (!refused && !c.get('device')) {
      c.set('device', await deviceOf(primary(c.env), c.get('bearerHash')))
    }
    throw err
  }
  if (!c.get('device')) throw new Error('A device route answered without finding its device')
  return response
}
