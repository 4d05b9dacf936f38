// The hot path: one scan in, one decision out, synchronously and from the cache alone.
import { verify, type KeyObject } from 'node:crypto'
import {
  codeFromScannedText,
  verifyCodeSync,
  type CheckpointPolicy,
  type Decision,
  type PassEventReason,
  type RevocationView,
  type TrustedIssuer,
} from '@greengate/shared'
import type { ClockReading } from '../clock/clock.ts'
import type { Scan } from '../scanners/scan-source.ts'
import type { RememberedPass } from '../store/anti-passback-log.ts'
import { AntiPassback, laneGroupOf } from './anti-passback.ts'
import type { GateDecision, VerificationSettings } from './decision.ts'

/** Whether the cache may be trusted: the sync client implements it. */
export interface CacheFreshness {
  /** Seconds since the last successful sync; null if never (a new or rebuilt cache). */
  cacheAgeSeconds(): number | null
}

export interface DeciderOptions {
  keys: { readonly issuers: ReadonlyMap<string, TrustedIssuer<KeyObject>> }
  revocations: RevocationView
  clock: ClockReading
  freshness: CacheFreshness
  /** The checkpoint's policy and skew, as last received from the edge. */
  policy: { readonly policy: CheckpointPolicy; readonly skewSeconds?: number | undefined }
  verification: VerificationSettings
  /** Lane -> anti-passback group; lanes not listed form a group of their own. */
  laneGroups: ReadonlyMap<number, string>
  antiPassbackCapacity?: number
  /** Monotonic ms, for latency and anti-passback (immune to clock corrections). */
  monotonicMs?: () => number
}

/** Skew when neither the config nor the edge names one. */
const DEFAULT_SKEW_SECONDS = 30

export class Decider {
  readonly #options: DeciderOptions
  readonly #monotonicMs: () => number
  readonly #antiPassback: AntiPassback
  /** Passes from before a restart, not yet taken into the anti-passback memory. */
  #restored: readonly RememberedPass[] | undefined

  constructor(options: DeciderOptions) {
    this.#options = options
    this.#monotonicMs = options.monotonicMs ?? (() => performance.now())
    this.#antiPassback = new AntiPassback(
      options.antiPassbackCapacity === undefined ? {} : { capacity: options.antiPassbackCapacity },
    )
  }

  /**
   * Passes remembered on disk before a restart; call before the first decision.
   *
   * Anti-passback runs on the monotonic clock, immune to clock corrections, but that clock
   * starts again with the process. Across a restart the passes carry corrected-clock times
   * instead, and each is turned into a monotonic time by its age on the corrected clock. That
   * is done at the first decision that reaches anti-passback, not now: only there is the clock
   * sure to be trusted, and by then the edge has usually set it. An error of that clock at
   * either end (before the edge answers it is the system clock) shifts the window as much.
   */
  restore(passes: readonly RememberedPass[]): void {
    this.#restored = passes
  }

  /** Never throws: every failure is a refusal with its reason. */
  decide(scan: Scan): GateDecision {
    const started = this.#monotonicMs()
    const { clock, verification } = this.#options
    const trusted = clock.trusted
    const now = clock.now()
    const at = Math.round(trusted ? now * 1000 : Date.now())
    const answer = (
      reason: PassEventReason,
      staleAlarm: boolean,
      decision?: Decision,
    ): GateDecision => this.#answer(scan.lane, reason, at, started, staleAlarm, decision)

    if (scan.problem === 'not_utf8') return answer('SCAN_NOT_UTF8', false)
    if (scan.problem === 'too_long') return answer('SCAN_TOO_LONG', false)
    if (!trusted) return answer('GATE_CLOCK_UNTRUSTED', false)
    const age = this.#options.freshness.cacheAgeSeconds()
    const stale = age === null || age > verification.maxStalenessSeconds
    if (stale && verification.offlineMode === 'refuse') return answer('GATE_CACHE_STALE', false)

    const token = codeFromScannedText(scan.text)
    if (token === null) return answer('CODE_MALFORMED', stale)
    const { policy } = this.#options.policy
    let decision: Decision
    try {
      decision = verifyCodeSync(
        token,
        {
          issuers: this.#options.keys.issuers,
          revocations: this.#options.revocations,
          now,
          skewSeconds:
            verification.skewSeconds ?? this.#options.policy.skewSeconds ?? DEFAULT_SKEW_SECONDS,
          policy,
        },
        checkSignature,
      )
    } catch {
      // verifyCodeSync has no known throw; a bug there must still refuse, not crash the lane.
      return answer('CODE_MALFORMED', stale)
    }
    if (!decision.ok) return answer(decision.reason, stale, decision)

    const group = laneGroupOf(this.#options.laneGroups, scan.lane)
    const mono = this.#monotonicMs()
    if (this.#restored !== undefined) this.#restore(now * 1000, mono, policy.antiPassbackSeconds)
    const subject = decision.claims.sub
    if (this.#antiPassback.isRecent(group, subject, mono, policy.antiPassbackSeconds)) {
      return answer('GATE_ANTI_PASSBACK', stale, decision)
    }
    this.#antiPassback.record(group, subject, mono, policy.antiPassbackSeconds)
    return answer('OK', stale, decision)
  }

  #restore(wallNowMs: number, mono: number, windowSeconds: number): void {
    const passes = this.#restored ?? []
    this.#restored = undefined
    this.#antiPassback.restore(passes, wallNowMs, mono, windowSeconds)
  }

  #answer(
    lane: number,
    reason: PassEventReason,
    at: number,
    started: number,
    staleAlarm: boolean,
    decision: Decision | undefined,
  ): GateDecision {
    const result: GateDecision = {
      decision: reason === 'OK' ? 'pass' : 'refuse',
      reason,
      lane,
      at,
      latencyMs: 0,
      staleAlarm,
    }
    // Claims are only reported once the signature held: a forged code's subject is noise.
    const claims = decision?.claims
    if (claims !== undefined) {
      result.subject = claims.sub
      result.jti = claims.jti
      if (decision?.colour !== undefined) result.colour = decision.colour
      if (claims.nm !== undefined && this.#options.policy.policy.staffed) {
        result.nameMasked = claims.nm
      }
    }
    result.latencyMs = this.#monotonicMs() - started
    return result
  }
}

function checkSignature(key: KeyObject, signingInput: Uint8Array, signature: Uint8Array): boolean {
  return verify('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature)
}
