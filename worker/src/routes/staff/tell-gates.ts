// After a staff action that gates must hear of: the FeedHub is told in the background.
import type { Context } from 'hono'
import { disconnectDevice } from '../../feed/hub-client.ts'
import type { AppEnv } from '../../http/app-env.ts'
import { logEvent } from '../../http/log.ts'
import { notifyGates } from '../../services/feed-writer.ts'

/** The feed grew: wake the online gates. */
export function tellGates(c: Context<AppEnv>): void {
  // Best effort: gates also poll the feed, so a lost notice only delays them.
  inBackground(c, 'gate notification failed', notifyGates(c.env))
}

/** A device was revoked: close its live channel now rather than at its next reconnect. */
export function dropDeviceConnections(c: Context<AppEnv>, deviceId: string): void {
  // Best effort: the revoked credential is refused on every request from now on anyway.
  inBackground(c, 'closing a revoked device channel failed', disconnectDevice(c.env, deviceId))
}

function inBackground(c: Context<AppEnv>, failure: string, work: Promise<void>): void {
  const logged = work.catch((err: unknown) => {
    logEvent(c, 'warn', failure, { err: err instanceof Error ? err.message : String(err) })
  })
  c.executionCtx.waitUntil(logged)
}
