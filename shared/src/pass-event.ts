// What a gate records for every decision and uploads to the edge.
import { z } from 'zod'
import { REFUSAL_REASONS } from './code/reasons.ts'
import { isPlainText, PLAIN_TEXT_MESSAGE } from './text.ts'

/** Refusals only a gate can make, beside the code's own reasons. */
export const GATE_REFUSAL_REASONS = [
  /** The same person at the same lane group too soon. */
  'GATE_ANTI_PASSBACK',
  /** The gate's clock is known to be wrong; it will not judge time. */
  'GATE_CLOCK_UNTRUSTED',
  /** The cache is older than the allowed staleness and the gate is set to refuse. */
  'GATE_CACHE_STALE',
  /** Bytes from the scanner were not UTF-8 text. */
  'SCAN_NOT_UTF8',
  /** A scanned line longer than any code. */
  'SCAN_TOO_LONG',
] as const

export const PASS_EVENT_REASONS = ['OK', ...REFUSAL_REASONS, ...GATE_REFUSAL_REASONS] as const
export type PassEventReason = (typeof PASS_EVENT_REASONS)[number]

export const passEventSchema = z.strictObject({
  /** Chosen by the gate; makes uploads idempotent. */
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  lane: z.int().min(0).max(63),
  /** Unix milliseconds of the decision, by the gate's corrected clock. */
  at: z.int().nonnegative(),
  decision: z.enum(['pass', 'refuse']),
  reason: z.enum(PASS_EVENT_REASONS),
  /** Pseudonymous subject when the code parsed; never anything personal. */
  subject: z.string().min(8).max(32).optional(),
  jti: z.string().min(6).max(32).optional(),
})
export type PassEvent = z.infer<typeof passEventSchema>

/**
 * Events one upload may carry. A gate back from an outage holds thousands, and each upload
 * costs a device lookup and a round trip, so uploads are as large as the Worker's 256 KiB
 * body limit safely takes: ~140 bytes an event, ~250 KB for 1,000 with every field at its
 * longest. D1's limits (Workers Paid) are further off: 1,000 events are 100 ten-row INSERTs
 * (100 bound values each, the cap per statement; ~460 bytes of SQL against 100 KB) in one
 * atomic batch, plus the device read: 101 of the 1,000 queries an invocation may make, even
 * counting each batched statement as one. (The Free plan's 50 were already too few at 500.)
 */
export const MAX_PASS_EVENT_BATCH = 1000

export const passEventBatchSchema = z.strictObject({
  events: z.array(passEventSchema).min(1).max(MAX_PASS_EVENT_BATCH),
})
export type PassEventBatch = z.infer<typeof passEventBatchSchema>

export const passEventReceiptSchema = z.strictObject({
  /** Events stored by this upload. */
  accepted: z.int().nonnegative(),
  /** Events already stored by an earlier upload (a retry). */
  duplicates: z.int().nonnegative(),
})
export type PassEventReceipt = z.infer<typeof passEventReceiptSchema>

/** What a gate reports about itself, every minute or so. */
export const heartbeatSchema = z.strictObject({
  version: z.string().max(32).refine(isPlainText, PLAIN_TEXT_MESSAGE),
  /** The gate's own clock, Unix ms, so the edge can tell it its offset. */
  clock: z.int().nonnegative(),
  feedSeq: z.int().nonnegative(),
  cacheAgeSeconds: z.number().nonnegative().nullable(),
  outboxDepth: z.int().nonnegative(),
  relays: z
    .array(
      z.strictObject({
        lane: z.int().min(0).max(63),
        state: z.enum(['released', 'energised', 'fault']),
      }),
    )
    .max(64),
  fireAlarm: z.boolean(),
  alarms: z.array(z.string().max(64).refine(isPlainText, PLAIN_TEXT_MESSAGE)).max(32),
})
export type Heartbeat = z.infer<typeof heartbeatSchema>
