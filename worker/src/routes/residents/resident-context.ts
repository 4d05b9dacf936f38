// What resident routes take from a request: services' dependencies, the caller's address,
// and the 429 answer with Retry-After.
import type { Context } from 'hono'
import { primary } from '../../db/client.ts'
import type { AppEnv } from '../../http/app-env.ts'
import { logEvent } from '../../http/log.ts'
import { errorResponse } from '../../http/on-error.ts'
import { notifyGates } from '../../services/feed-writer.ts'
import type { ResidentAuthDeps } from '../../services/resident-auth.ts'
import { selectSmsSender } from '../../sms/select-sender.ts'

export function residentDeps(c: Context<AppEnv>): ResidentAuthDeps {
  const db = primary(c.env)
  const config = c.get('config')
  // In development a log line says a message waits in the dev inbox (never whom it is for
  // or what it says); tests read the inbox and need no line.
  const onSent =
    config.environment === 'development'
      ? () => logEvent(c, 'info', 'sms kept in dev inbox')
      : undefined
  return { db, config, sms: () => selectSmsSender(config, db, onSent) }
}

/** Cloudflare sets CF-Connecting-IP on every request; locally it may be missing. */
export function clientAddress(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown'
}

export function rateLimitedResponse(c: Context<AppEnv>, retryAfterSeconds: number): Response {
  c.header('Retry-After', String(retryAfterSeconds))
  return errorResponse(
    c,
    'RATE_LIMITED',
    `Too many codes requested: try again in ${retryAfterSeconds} seconds`,
  )
}

/** Wakes online gates after the feed grew; best effort, as gates also poll. */
export function tellGatesLater(c: Context<AppEnv>): void {
  const notice = notifyGates(c.env).catch((err: unknown) => {
    logEvent(c, 'warn', 'gate notification failed', {
      err: err instanceof Error ? err.message : String(err),
    })
  })
  c.executionCtx.waitUntil(notice)
}
