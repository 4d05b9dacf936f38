// The gate's one config file, as an operator writes it: checked once, at start.
import { jwksSchema, MAX_PASS_EVENT_BATCH } from '@greengate/shared'
import { z } from 'zod'
import { checkConfigConsistency } from './config-consistency.ts'
import { digitalInputSchema, feedbackSchema, relaySchema, sourceSchema } from './hardware-schema.ts'

const credential = z
  .string()
  .regex(/^gd_[A-Za-z0-9_-]{20,128}$/, { error: 'must be a gate device credential (gd_...)' })

/** zod's own message for a missing field, ours for a wrong one. */
const unless = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? undefined : message

export const edgeSchema = z
  .strictObject({
    /** Base URL of the edge Worker, e.g. `https://greengate.example.org`. */
    url: z.url({ protocol: /^https?$/, error: unless('must be an http(s) URL') }),
    /** The credential itself; prefer `credentialFile` so the config can be world-readable. */
    credential: credential.optional(),
    /** A file holding the credential (one line), readable by the gate's user only. */
    credentialFile: z.string().min(1).max(1024).optional(),
    /** Each request to the edge gives up after this long. */
    timeoutMs: z.int().min(100).max(60_000).default(5_000),
  })
  .refine((edge) => (edge.credential === undefined) !== (edge.credentialFile === undefined), {
    error: 'set exactly one of credential and credentialFile',
    path: ['credential'],
  })

export const laneSchema = z.strictObject({
  /** The lane number in pass records (1-63), unique on this gate. */
  id: z.int().min(1).max(63),
  /** Lanes in one group share anti-passback: an entry counts for all of them. */
  group: z.string().min(1).max(32).default('default'),
  sources: z.array(sourceSchema).min(1).max(4),
  relay: relaySchema,
  feedback: z.union([feedbackSchema, z.array(feedbackSchema).min(1).max(3)]).default('log'),
})
export type LaneConfig = z.infer<typeof laneSchema>

export const verificationSchema = z.strictObject({
  /** Tolerated clock difference between issuer and gate. */
  skewSeconds: z.int().min(0).max(600).default(30),
  /** Past this cache age the gate follows `offlineMode`. */
  maxStalenessSeconds: z
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(900),
  /** `refuse`: refuse all and show offline. `decide-and-alarm`: keep deciding, raise an alarm. */
  offlineMode: z.enum(['refuse', 'decide-and-alarm']).default('refuse'),
})

export const inputsSchema = z.strictObject({
  /** The fire-alarm contact: when active, every lane of this gate is held open until acked. */
  fireAlarm: digitalInputSchema({}),
  /** Optional sensors counting real passages, one per lane at most. */
  passageSensors: z
    .array(digitalInputSchema({ lane: z.int().min(1).max(63) }))
    .max(63)
    .default([]),
})

export const outboxSchema = z.strictObject({
  /** Records kept on disk at most; see the README for what happens when full. */
  maxRows: z.int().min(100).max(50_000_000).default(2_000_000),
  /** Bytes of records kept on disk at most (record size, not file size). */
  maxBytes: z
    .int()
    .min(100_000)
    .max(50_000_000_000)
    .default(512 * 1024 * 1024),
  /** Share of either limit at which the `outbox-filling` alarm is raised. */
  alarmAtFraction: z.number().min(0.1).max(1).default(0.8),
  /** Events an upload carries at most: as many as the edge takes, so a backlog drains fast. */
  batchSize: z.int().min(1).max(MAX_PASS_EVENT_BATCH).default(MAX_PASS_EVENT_BATCH),
  /** Pause between uploads when nothing new nudges the uploader. */
  uploadIntervalSeconds: z.int().min(1).max(3_600).default(10),
  /** Longest wait between failed uploads (the backoff doubles up to it). */
  maxBackoffSeconds: z.int().min(1).max(3_600).default(300),
})

export const gateConfigSchema = z
  .strictObject({
    edge: edgeSchema,
    /** Directory of the gate's SQLite file (keys, revocations, outbox). */
    dataDir: z.string().min(1).max(1024),
    /** Static key sets of neighbouring issuers whose codes this gate also accepts. */
    trustedIssuers: z.array(jwksSchema).max(8).default([]),
    verification: verificationSchema.prefault({}),
    lanes: z.array(laneSchema).min(1).max(63),
    inputs: inputsSchema,
    http: z
      .strictObject({
        /** Loopback by default: status and the fire-alarm ack are not for the network. */
        host: z.string().min(1).max(255).default('127.0.0.1'),
        port: z.int().min(0).max(65_535).default(8790),
      })
      .prefault({}),
    outbox: outboxSchema.prefault({}),
    heartbeat: z
      .strictObject({ intervalSeconds: z.int().min(5).max(3_600).default(60) })
      .prefault({}),
    log: z
      .strictObject({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info'),
      })
      .prefault({}),
  })
  .superRefine(checkConfigConsistency)

/** The config as written, defaults applied. */
export type GateConfigInput = z.input<typeof gateConfigSchema>
export type ParsedGateConfig = z.infer<typeof gateConfigSchema>
