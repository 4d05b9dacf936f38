// Turns any thrown error into the JSON error answer; unknown errors become a logged 500.
import { GreenGateError, type ApiErrorBody } from '@greengate/shared'
import { DrizzleQueryError } from 'drizzle-orm'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './app-env.ts'
import { ERROR_STATUS } from './error-status.ts'
import { logEvent } from './log.ts'

export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof GreenGateError) {
    const body: ApiErrorBody = { error: { code: err.code, message: err.message } }
    if (err.fields !== undefined) body.error.fields = err.fields
    return c.json(body, ERROR_STATUS[err.code] as ContentfulStatusCode)
  }
  if (err instanceof HTTPException && err.status === 413) {
    return errorResponse(c, 'BODY_TOO_LARGE', 'The request body is too large')
  }

  logEvent(c, 'error', 'unhandled error', { err: describe(err) })
  return errorResponse(c, 'INTERNAL', 'Something went wrong on our side')
}

export function errorResponse(
  c: Context<AppEnv>,
  code: GreenGateError['code'],
  message: string,
): Response {
  const body: ApiErrorBody = { error: { code, message } }
  return c.json(body, ERROR_STATUS[code] as ContentfulStatusCode)
}

/** Name and message only: stacks and causes may carry request data. */
function describe(err: Error): { name: string; message: string; query?: string } {
  // drizzle's message lists the statement's bound values (names, addresses, ids): log the
  // SQL, which is ours, and what D1 said, never the values.
  if (err instanceof DrizzleQueryError) {
    const cause = err.cause instanceof Error ? err.cause : undefined
    return {
      name: cause?.name ?? err.name,
      message: cause?.message ?? 'query failed',
      query: err.query,
    }
  }
  return { name: err.name, message: err.message }
}
