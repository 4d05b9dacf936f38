// The gate device API: its settings, heartbeats and the push channel's handshake.
import { z } from 'zod'
import { checkpointPolicySchema } from '../code/policy.ts'

/** `GET /device/config`: everything a gate needs besides keys and the feed. */
export const deviceConfigSchema = z.strictObject({
  deviceId: z.string(),
  deviceName: z.string(),
  checkpoint: z.strictObject({ id: z.string(), name: z.string(), policy: checkpointPolicySchema }),
  /** This district's issuer id; its keys are at `jwksPath`. */
  issuer: z.string(),
  jwksPath: z.string(),
  /** Clock difference, in seconds, to tolerate when judging iat/exp. */
  skewSeconds: z.int().nonnegative(),
  /** The edge's clock (Unix ms) when it answered, for the gate's clock offset. */
  serverTime: z.int().nonnegative(),
  feed: z.strictObject({
    /** Poll `GET /device/feed` at least this often, even with the live channel open. */
    pollSeconds: z.int().positive(),
    /** WebSocket path for feed notices (`feedNoticeSchema`). */
    livePath: z.string(),
    /** The subprotocol to offer beside `bearer.<credential>` when headers cannot be set. */
    liveProtocol: z.string(),
  }),
})
export type DeviceConfig = z.infer<typeof deviceConfigSchema>

/** `POST /device/heartbeat` answer. */
export const heartbeatReceiptSchema = z.strictObject({
  /** The edge's clock (Unix ms) when it stored the heartbeat. */
  serverTime: z.int().nonnegative(),
  /** serverTime minus the heartbeat's `clock`: add it to the gate's clock. */
  clockOffsetMs: z.int(),
})
export type HeartbeatReceipt = z.infer<typeof heartbeatReceiptSchema>

/** Subprotocol a gate offers on `GET /device/feed/live` (with `bearer.<credential>`). */
export const FEED_LIVE_PROTOCOL = 'greengate-feed'
