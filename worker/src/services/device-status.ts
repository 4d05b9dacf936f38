// A gate's own settings and its heartbeats.
import {
  FEED_LIVE_PROTOCOL,
  GreenGateError,
  checkpointPolicySchema,
  type DeviceConfig,
  type Heartbeat,
  type HeartbeatReceipt,
} from '@greengate/shared'
import { eq } from 'drizzle-orm'
import type { Config } from '../config.ts'
import type { Database } from '../db/client.ts'
import { checkpoints, devices } from '../db/schema.ts'
import type { DevicePrincipal } from '../http/app-env.ts'
import { CLOCK_SKEW_SECONDS } from './online-verify.ts'

/** How often a gate should poll the feed even with the live channel open. */
export const FEED_POLL_SECONDS = 30

export async function deviceConfigOf(
  db: Database,
  config: Config,
  device: DevicePrincipal,
): Promise<DeviceConfig> {
  const row = await db
    .select({
      deviceName: devices.name,
      checkpointId: checkpoints.id,
      checkpointName: checkpoints.name,
      policy: checkpoints.policy,
    })
    .from(devices)
    .innerJoin(checkpoints, eq(checkpoints.id, devices.checkpointId))
    .where(eq(devices.id, device.deviceId))
    .get()
  if (row === undefined) {
    throw new GreenGateError('NOT_FOUND', "The device's checkpoint no longer exists")
  }

  return {
    deviceId: device.deviceId,
    deviceName: row.deviceName,
    checkpoint: {
      id: row.checkpointId,
      name: row.checkpointName,
      policy: checkpointPolicySchema.parse(JSON.parse(row.policy)),
    },
    issuer: config.issuer,
    jwksPath: '/.well-known/jwks.json',
    skewSeconds: CLOCK_SKEW_SECONDS,
    serverTime: Date.now(),
    feed: {
      pollSeconds: FEED_POLL_SECONDS,
      livePath: '/device/feed/live',
      liveProtocol: FEED_LIVE_PROTOCOL,
    },
  }
}

export async function recordHeartbeat(
  db: Database,
  device: DevicePrincipal,
  heartbeat: Heartbeat,
): Promise<HeartbeatReceipt> {
  const serverTime = Date.now()
  await db
    .update(devices)
    .set({ lastHeartbeatAt: Math.floor(serverTime / 1000), heartbeat: JSON.stringify(heartbeat) })
    .where(eq(devices.id, device.deviceId))
  return { serverTime, clockOffsetMs: serverTime - heartbeat.clock }
}
