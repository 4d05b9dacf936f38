// What the lane pulser answers and reports: pulse results and the relay state for status pages.
import type { RelayErrorCode } from './relay-error.ts'

/** Which relay channel opens which lane. */
export interface LaneChannel {
  lane: number
  channel: number
}

export type DropReason = 'deadline' | 'driver_failed' | 'stopped' | 'unknown_lane'

export type PulseResult =
  | {
      outcome: 'opened'
      lane: number
      /** When the relay confirmed (clock of the pulser). */
      deliveredAt: number
      /** True when the lane was already open and its pulse was only lengthened. */
      extended: boolean
    }
  /** The lane is held open (fire alarm): nothing was sent. */
  | { outcome: 'held'; lane: number }
  | {
      outcome: 'dropped'
      lane: number
      reason: DropReason
      /** Whether an open command had reached the driver; if so the lane has been released. */
      sent: boolean
      code?: RelayErrorCode
    }

export interface LaneRelayStatus {
  lane: number
  channel: number
  /** 'unknown' after a command failed: the board may or may not have acted on it. */
  energised: boolean | 'unknown'
  /** When `energised` last changed. */
  since: number
  lastErrorCode?: RelayErrorCode
}

export interface RelayStatus {
  driver: string
  started: boolean
  /** All lanes held open (fire alarm) until released. */
  held: boolean
  /** Commands queued or running on the driver. */
  queued: number
  lanes: LaneRelayStatus[]
}
