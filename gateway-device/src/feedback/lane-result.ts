// What the person at a lane is told about their scan, and the outputs that tell them.
import type { PassEventReason } from '@greengate/shared'

/**
 * Faults are the gate's own failures after a decision: the record could not be written (the
 * lane then stays shut) or the relay did not open in time. The person is sent to staff.
 */
export const FAULT_REASONS = [
  'GATE_RECORD_FAILED',
  'GATE_OUTBOX_FULL',
  'GATE_RELAY_FAILED',
] as const
export type FaultReason = (typeof FAULT_REASONS)[number]

export type LaneVerdict = 'pass' | 'refuse' | 'fault'

export interface LaneResult {
  lane: number
  verdict: LaneVerdict
  reason: PassEventReason | FaultReason
  /** Masked name (张*明) for the identity check; only where the checkpoint is staffed. */
  nameMasked?: string
  /** Unix ms. */
  at: number
}

/** One output at a lane. `show()` never throws and never waits: a slow output must not hold it. */
export interface LaneFeedback {
  readonly name: string
  start(): Promise<void>
  stop(): Promise<void>
  show(result: LaneResult): void
}
