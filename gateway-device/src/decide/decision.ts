// What the decider answers for one scan: the verdict, its reason, and what the lane shows.
import type { Colour, PassEventReason } from '@greengate/shared'

export interface GateDecision {
  decision: 'pass' | 'refuse'
  /** `OK` for a pass; otherwise the code's or the gate's refusal reason. */
  reason: PassEventReason
  lane: number
  /** Pseudonymous subject and code id, when the code parsed and its signature held. */
  subject?: string
  jti?: string
  colour?: Colour
  /** Masked name (张*明) for the identity check; only where the checkpoint is staffed. */
  nameMasked?: string
  /** Unix ms by the corrected clock (the system clock when the clock is untrusted). */
  at: number
  /** Time spent deciding, ms. */
  latencyMs: number
  /** The cache was past its maximum staleness and the gate decided anyway. */
  staleAlarm: boolean
}

/** How the gate behaves past its maximum staleness (the config's `offlineMode`). */
export type OfflineMode = 'refuse' | 'decide-and-alarm'

/** The config's `verification` section. */
export interface VerificationSettings {
  /** Overrides the skew the edge's device config asks for; 30 s when neither says. */
  skewSeconds?: number
  maxStalenessSeconds: number
  offlineMode: OfflineMode
}
