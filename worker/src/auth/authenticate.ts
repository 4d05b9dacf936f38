// Who may call a route: resolves the bearer credential and enforces the route's access.
import { GreenGateError } from '@greengate/shared'
import { and, eq, gt, isNull, sql, type SQL } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import { sha256 } from '../crypto/digest.ts'
import { tokenPrefix } from '../crypto/tokens.ts'
import { nowSeconds, primary, type Database } from '../db/client.ts'
import { devices, sessions, staff } from '../db/schema.ts'
import type { AppEnv, DevicePrincipal } from '../http/app-env.ts'

/**
 * public: anyone. resident: a resident session. reviewer: staff (reviewers and
 * admins). admin: admins only. device: a gate device credential. bearer: any
 * resident session token, looked up by the handler itself (the code-fetch path
 * joins it into its one read).
 */
export type Access = 'public' | 'resident' | 'reviewer' | 'admin' | 'device' | 'bearer'

/**
 * How a device route finds its device: here, before the handler (`middleware`), or in the
 * handler's own statement (`handler`: the credential's shape is checked here and its hash
 * left in `bearerHash`; mountRoutes makes sure nothing is answered before the device is known).
 */
export type DeviceLookup = 'middleware' | 'handler'

export function authenticate(
  access: Access,
  deviceLookup: DeviceLookup = 'middleware',
): MiddlewareHandler<AppEnv> {
  // A misdeclared route fails when it is mounted, not on its first request.
  if (deviceLookup === 'handler' && access !== 'device') {
    throw new Error(`Only a device route may look its credential up itself, not ${access}`)
  }
  return async (c, next) => {
    if (access === 'public') return next()

    const token =
      bearerToken(c.req.header('authorization')) ??
      (access === 'device' ? subprotocolToken(c.req.header('sec-websocket-protocol')) : null)
    const expected =
      access === 'device' ? 'gd' : access === 'reviewer' || access === 'admin' ? 'ss' : 'rs'
    // A credential of another kind (a device key on a resident route, a code
    // pasted as a session) is refused before any database work.
    if (token === null || tokenPrefix(token) !== expected) {
      throw new GreenGateError('UNAUTHENTICATED', 'Sign in first: missing or invalid credentials')
    }
    const hash = await sha256(token)
    const db = primary(c.env)
    const now = nowSeconds()

    switch (access) {
      case 'bearer':
        c.set('bearerHash', hash)
        return next()
      case 'resident': {
        const row = await db
          .select({ accountId: sessions.accountId })
          .from(sessions)
          .where(
            and(
              eq(sessions.tokenHash, hash),
              eq(sessions.kind, 'resident'),
              gt(sessions.expiresAt, now),
            ),
          )
          .get()
        if (row?.accountId == null)
          throw new GreenGateError('UNAUTHENTICATED', 'Your session has ended: sign in again')
        c.set('resident', { accountId: row.accountId })
        c.set('bearerHash', hash)
        return next()
      }
      case 'reviewer':
      case 'admin': {
        const row = await db
          .select({ staffId: staff.id, role: staff.role })
          .from(sessions)
          .innerJoin(staff, eq(staff.id, sessions.staffId))
          .where(
            and(
              eq(sessions.tokenHash, hash),
              eq(sessions.kind, 'staff'),
              gt(sessions.expiresAt, now),
              isNull(staff.disabledAt),
            ),
          )
          .get()
        if (row === undefined)
          throw new GreenGateError('UNAUTHENTICATED', 'Your session has ended: sign in again')
        if (access === 'admin' && row.role !== 'admin') {
          throw new GreenGateError('FORBIDDEN', 'Only an admin may do this')
        }
        c.set('staff', row)
        c.set('bearerHash', hash)
        return next()
      }
      case 'device':
        if (deviceLookup === 'handler') {
          c.set('bearerHash', hash)
          return next()
        }
        c.set('device', await deviceOf(db, hash))
        return next()
    }
  }
}

/** The one rule for a device credential that is still good: known and not revoked. */
export function deviceCredentialIs(hash: string): SQL {
  return sql`${devices.credentialHash} = ${hash} AND ${devices.revokedAt} IS NULL`
}

/** The error every unknown or revoked device credential gets, wherever it was looked up. */
export function unknownDeviceError(): GreenGateError {
  return new GreenGateError('UNAUTHENTICATED', 'Unknown or revoked device credential')
}

/** The device holding the credential `hash`, or a 401. */
export async function deviceOf(db: Database, hash: string): Promise<DevicePrincipal> {
  const row = await db
    .select({ deviceId: devices.id, checkpointId: devices.checkpointId })
    .from(devices)
    .where(deviceCredentialIs(hash))
    .get()
  if (row === undefined) throw unknownDeviceError()
  return row
}

function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null
  const match = /^Bearer ([A-Za-z0-9_-]{10,100})$/.exec(header)
  return match?.[1] ?? null
}

/**
 * A gate that cannot set headers on its WebSocket handshake offers its credential as
 * the subprotocol `bearer.gd_...` (beside `greengate-feed`, which the server selects).
 */
function subprotocolToken(header: string | undefined): string | null {
  const offered = header?.split(',').map((p) => p.trim()) ?? []
  const match = offered
    .map((p) => /^bearer\.([A-Za-z0-9_-]{10,100})$/.exec(p))
    .find((m) => m !== null)
  return match?.[1] ?? null
}
