// One lane's path from a scan to an open turnstile: decide, record durably, pulse, show.
import { randomBytes } from 'node:crypto'
import type { PassEvent } from '@greengate/shared'
import type { Logger } from 'pino'
import type { GateDecision } from '../decide/decision.ts'
import type { FaultReason, LaneFeedback, LaneResult } from '../feedback/lane-result.ts'
import type { PulseResult } from '../relays/lane-status.ts'
import type { Scan } from '../scanners/scan-source.ts'
import { errorCodeOf } from './error-code.ts'

/** What the controller reports, for metrics. */
export interface LaneObserver {
  /** `latencyMs`: scan received to relay command delivered (a pass) or record written. */
  decided(decision: GateDecision, latencyMs: number): void
  recordFailed(lane: number, code: string): void
  openDropped(lane: number, reason: string): void
}

export interface LaneControllerOptions {
  lane: number
  decide: (scan: Scan) => GateDecision
  /** Writes durably; throws when it cannot (then the lane stays shut). */
  record: (event: PassEvent) => void
  /** The lane pulser's `pulse`: `requestedAt` (performance.now ms) starts its deadline. */
  open: (lane: number, requestedAt: number) => Promise<PulseResult>
  feedback: readonly LaneFeedback[]
  observer: LaneObserver
  /** Called after each record, so the uploader can send it soon. */
  onRecorded?: () => void
  newId?: () => string
  monotonicMs?: () => number
  logger: Logger
}

/** What became of one scan. */
export type LaneOutcome =
  | { kind: 'opened'; event: PassEvent; pulse: PulseResult }
  | { kind: 'refused'; event: PassEvent }
  | { kind: 'not-recorded'; decision: GateDecision; code: string }
  | { kind: 'open-failed'; event: PassEvent; pulse: PulseResult }
  | { kind: 'ignored' }

/**
 * The order is the guarantee: the pass record is on disk before the relay is asked to move,
 * so a power cut can lose an opening but never a record of one. A record that cannot be
 * written keeps the lane shut. Scans are handled as they come: the pulser serialises the relay.
 */
export class LaneController {
  readonly lane: number
  readonly #options: LaneControllerOptions
  readonly #monotonicMs: () => number
  readonly #newId: () => string
  readonly #inFlight = new Set<Promise<LaneOutcome>>()
  #accepting = false

  constructor(options: LaneControllerOptions) {
    this.lane = options.lane
    this.#options = options
    this.#monotonicMs = options.monotonicMs ?? (() => performance.now())
    this.#newId = options.newId ?? (() => randomBytes(16).toString('base64url'))
  }

  start(): void {
    this.#accepting = true
  }

  /** Takes no new scans; waits for the ones in flight (their pulses have deadlines). */
  async stop(): Promise<void> {
    this.#accepting = false
    await Promise.allSettled([...this.#inFlight])
  }

  /** Never rejects: whatever goes wrong is logged, counted and shown as a fault. */
  handle(scan: Scan): Promise<LaneOutcome> {
    if (!this.#accepting) return Promise.resolve({ kind: 'ignored' })
    const work = this.#handle({ ...scan, lane: this.lane }).catch((err: unknown) => {
      this.#options.logger.error({ err, lane: this.lane }, 'lane failed to handle a scan')
      return { kind: 'ignored' } as const
    })
    this.#inFlight.add(work)
    void work.finally(() => this.#inFlight.delete(work))
    return work
  }

  async #handle(scan: Scan): Promise<LaneOutcome> {
    const { logger, observer } = this.#options
    const decision = this.#options.decide(scan)
    const event = passEventOf(decision, this.#newId())

    try {
      this.#options.record(event)
    } catch (err) {
      const code = errorCodeOf(err)
      logger.error(
        { err, lane: this.lane, decision: decision.decision, code },
        'decision not recorded',
      )
      observer.recordFailed(this.lane, code)
      this.#show(decision, code === 'OUTBOX_FULL' ? 'GATE_OUTBOX_FULL' : 'GATE_RECORD_FAILED')
      return { kind: 'not-recorded', decision, code }
    }
    this.#options.onRecorded?.()

    if (decision.decision === 'refuse') {
      observer.decided(decision, this.#monotonicMs() - scan.receivedAt)
      // Reason and lane only: the subject, even pseudonymous, stays in the outbox.
      logger.info({ lane: this.lane, reason: decision.reason, source: scan.source }, 'scan refused')
      this.#show(decision)
      return { kind: 'refused', event }
    }

    const pulse = await this.#options.open(this.lane, scan.receivedAt)
    if (pulse.outcome === 'dropped') {
      observer.openDropped(this.lane, pulse.reason)
      logger.error({ lane: this.lane, reason: pulse.reason }, 'pass recorded but lane not opened')
      this.#show(decision, 'GATE_RELAY_FAILED')
      return { kind: 'open-failed', event, pulse }
    }
    const deliveredAt = pulse.outcome === 'opened' ? pulse.deliveredAt : this.#monotonicMs()
    observer.decided(decision, deliveredAt - scan.receivedAt)
    logger.info({ lane: this.lane, outcome: pulse.outcome, source: scan.source }, 'lane opened')
    this.#show(decision)
    return { kind: 'opened', event, pulse }
  }

  #show(decision: GateDecision, fault?: FaultReason): void {
    const result: LaneResult = {
      lane: this.lane,
      verdict: fault ? 'fault' : decision.decision,
      reason: fault ?? decision.reason,
      at: decision.at,
      ...(decision.nameMasked === undefined ? {} : { nameMasked: decision.nameMasked }),
    }
    for (const output of this.#options.feedback) {
      try {
        output.show(result)
      } catch (err) {
        this.#options.logger.warn({ err, lane: this.lane, output: output.name }, 'feedback failed')
      }
    }
  }
}

/** Only the shared pass-event fields: no name, no colour, nothing the edge does not need. */
export function passEventOf(decision: GateDecision, id: string): PassEvent {
  return {
    id,
    lane: decision.lane,
    at: decision.at,
    decision: decision.decision,
    reason: decision.reason,
    ...(decision.subject === undefined ? {} : { subject: decision.subject }),
    ...(decision.jti === undefined ? {} : { jti: decision.jti }),
  }
}
