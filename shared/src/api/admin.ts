// The admin console's checkpoints, gate devices, audit log and dashboard figures.
import { z } from 'zod'
import { checkpointPolicySchema } from '../code/policy.ts'
import { heartbeatSchema } from '../pass-event.ts'
import { pageSizeQuery } from './review.ts'
import { isPlainText, PLAIN_TEXT_MESSAGE } from '../text.ts'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an id')
const name = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(100)
  .refine(isPlainText, PLAIN_TEXT_MESSAGE)
const address = z.string().trim().max(200).refine(isPlainText, PLAIN_TEXT_MESSAGE)

// ---- checkpoints ------------------------------------------------------------------

export const checkpointSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  policy: checkpointPolicySchema,
  createdAt: z.int(),
  updatedAt: z.int(),
})
export type Checkpoint = z.infer<typeof checkpointSchema>

export const checkpointListSchema = z.strictObject({ checkpoints: z.array(checkpointSchema) })
export const checkpointAnswerSchema = z.strictObject({ checkpoint: checkpointSchema })

export const createCheckpointRequestSchema = z.strictObject({
  name,
  address: address.optional(),
  /** Left out: green only, printed passes accepted, unstaffed, 30 s anti-passback. */
  policy: checkpointPolicySchema.optional(),
})
export type CreateCheckpointRequest = z.input<typeof createCheckpointRequestSchema>

export const updateCheckpointRequestSchema = z
  .strictObject({
    name: name.optional(),
    address: address.optional(),
    /** Replaces the whole policy; fields left out take their defaults. */
    policy: checkpointPolicySchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change')
export type UpdateCheckpointRequest = z.input<typeof updateCheckpointRequestSchema>

export const checkpointParamsSchema = z.strictObject({ checkpointId: id })

// ---- gate devices -----------------------------------------------------------------

export const enrolDeviceRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(64).refine(isPlainText, PLAIN_TEXT_MESSAGE),
})

/** What the device's last heartbeat said; null before the first one. */
export const deviceHealthSchema = heartbeatSchema.pick({
  version: true,
  feedSeq: true,
  cacheAgeSeconds: true,
  outboxDepth: true,
  fireAlarm: true,
  alarms: true,
  relays: true,
})
export type DeviceHealth = z.infer<typeof deviceHealthSchema>

export const deviceSchema = z.strictObject({
  id: z.string(),
  checkpointId: z.string(),
  name: z.string(),
  createdAt: z.int(),
  revokedAt: z.int().nullable(),
  lastHeartbeatAt: z.int().nullable(),
  /** Seconds since the last heartbeat when the list was read. */
  heartbeatAgeSeconds: z.int().nullable(),
  health: deviceHealthSchema.nullable(),
})
export type Device = z.infer<typeof deviceSchema>

export const enrolledDeviceSchema = z.strictObject({
  device: deviceSchema,
  /** `gd_...`: shown this once; only its hash is stored. Put it in the gate's config. */
  credential: z.string(),
})
export type EnrolledDevice = z.infer<typeof enrolledDeviceSchema>

export const deviceListQuerySchema = z.strictObject({ checkpointId: id.optional() })
export const deviceListSchema = z.strictObject({ devices: z.array(deviceSchema) })
export const deviceAnswerSchema = z.strictObject({ device: deviceSchema })
export const deviceParamsSchema = z.strictObject({ deviceId: id })

// ---- audit log --------------------------------------------------------------------

export const MAX_AUDIT_PAGE = 200

export const auditQuerySchema = z.strictObject({
  limit: pageSizeQuery(MAX_AUDIT_PAGE, 50),
  /** Opaque: where the previous page ended. */
  cursor: z
    .string()
    .regex(/^\d{1,12}\.[A-Za-z0-9_-]{1,64}$/, 'Not a cursor from this API')
    .optional(),
})

export const auditEntrySchema = z.strictObject({
  id: z.string(),
  at: z.int(),
  staffId: z.string(),
  /** Null when the account no longer exists. */
  staffUsername: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

/** Newest first. */
export const auditPageSchema = z.strictObject({
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().optional(),
})
export type AuditPage = z.infer<typeof auditPageSchema>

// ---- dashboard --------------------------------------------------------------------

export const statsSchema = z.strictObject({
  generatedAt: z.int(),
  /** Application count by status. */
  applications: z.strictObject({
    pending: z.int(),
    approved: z.int(),
    rejected: z.int(),
    superseded: z.int(),
  }),
  /** Passes in the last 24 hours, per checkpoint and hour (Unix seconds of the hour's start). */
  passesPerHour: z.array(
    z.strictObject({
      checkpointId: z.string(),
      checkpointName: z.string().nullable(),
      hour: z.int(),
      passes: z.int(),
    }),
  ),
  /** Refused scans in the last 24 hours by reason, most frequent first. */
  refusals: z.array(z.strictObject({ reason: z.string(), count: z.int() })),
  devices: z.strictObject({
    enrolled: z.int(),
    /** Not revoked, heard from in the last 5 minutes. */
    online: z.int(),
  }),
})
export type Stats = z.infer<typeof statsSchema>
