// The gate's corrected clock: the edge's time carried forward on the monotonic clock.
//
// Once the edge has told us its time, `now()` is that time plus the monotonic time
// elapsed since, so a later jump of the system clock cannot move it. Before that,
// `now()` is the system clock, trusted only while it is plausible: not before this
// build, not before the last time we knew to be good, and not seen to jump.
import type { Logger } from 'pino'

/** What the decider needs from a clock. */
export interface ClockReading {
  /** Unix seconds, fractional. */
  now(): number
  /** False when the time is known to be unreliable: the gate then refuses to judge time. */
  readonly trusted: boolean
}

/** Why the clock is not trusted, for status pages; undefined while trusted. */
export type ClockDistrust = 'before_build' | 'before_last_known' | 'jumped'

/** Where the clock keeps the last good time across restarts (the store's gate_meta). */
export interface ClockMemory {
  load(): number | undefined
  save(unixMs: number): void
}

export interface ClockStatus {
  trusted: boolean
  distrust: ClockDistrust | undefined
  /** Edge time minus system time, ms; undefined until the edge has answered. */
  offsetMs: number | undefined
  /** Half the round trip of the sample in use: how far off the offset may be. */
  uncertaintyMs: number | undefined
  /** Unix ms of the last accepted edge sample, by the corrected clock. */
  lastObservedAt: number | undefined
}

export interface GateClockOptions {
  /** Unix ms of this build: no real clock reads earlier. */
  buildTimeMs: number
  /** A system-clock jump larger than this (against the monotonic clock) distrusts it. */
  jumpThresholdMs?: number
  /** Samples with a longer round trip are ignored (their midpoint is too uncertain). */
  maxRttMs?: number
  memory?: ClockMemory
  /** How often the last good time is saved (off the decision path), ms. Default 60 s. */
  saveEveryMs?: number
  logger?: Logger
  systemNowMs?: () => number
  monotonicMs?: () => number
}

interface Anchor {
  /** Edge Unix ms at `monotonic`. */
  serverMs: number
  monotonic: number
  uncertaintyMs: number
}

export class GateClock implements ClockReading {
  readonly #buildTimeMs: number
  readonly #jumpThresholdMs: number
  readonly #maxRttMs: number
  readonly #memory: ClockMemory | undefined
  readonly #saveEveryMs: number
  readonly #logger: Logger | undefined
  readonly #systemNowMs: () => number
  readonly #monotonicMs: () => number
  #anchor: Anchor | undefined
  /** System minus monotonic time when last looked at: a change is a jump. */
  #systemBase: number | undefined
  #lastKnownGoodMs: number | undefined
  #jumped = false
  #saveTimer: NodeJS.Timeout | undefined

  constructor(options: GateClockOptions) {
    this.#buildTimeMs = options.buildTimeMs
    this.#jumpThresholdMs = options.jumpThresholdMs ?? 2_000
    this.#maxRttMs = options.maxRttMs ?? 10_000
    this.#memory = options.memory
    this.#saveEveryMs = options.saveEveryMs ?? 60_000
    this.#logger = options.logger
    this.#systemNowMs = options.systemNowMs ?? Date.now
    this.#monotonicMs = options.monotonicMs ?? (() => performance.now())
  }

  /** Reads the last good time from memory and saves it again every `saveEveryMs`. */
  start(): void {
    this.#lastKnownGoodMs = this.#memory?.load()
    this.#systemBase = this.#systemNowMs() - this.#monotonicMs()
    if (this.#memory === undefined || this.#saveTimer !== undefined) return
    this.#saveTimer = setInterval(() => this.#save(), this.#saveEveryMs)
    this.#saveTimer.unref()
  }

  /** Saves the time once more, so the next start can tell a clock gone backwards. */
  stop(): void {
    clearInterval(this.#saveTimer)
    this.#saveTimer = undefined
    this.#save()
  }

  now(): number {
    return this.nowMs() / 1000
  }

  nowMs(): number {
    const anchor = this.#anchor
    if (anchor !== undefined) return anchor.serverMs + (this.#monotonicMs() - anchor.monotonic)
    return this.#systemNowMs()
  }

  get trusted(): boolean {
    return this.#distrust() === undefined
  }

  get status(): ClockStatus {
    const anchor = this.#anchor
    return {
      trusted: this.trusted,
      distrust: this.#distrust(),
      offsetMs: anchor === undefined ? undefined : this.nowMs() - this.#systemNowMs(),
      uncertaintyMs: anchor?.uncertaintyMs,
      lastObservedAt: anchor?.serverMs,
    }
  }

  /**
   * Learns from an edge answer that carried `serverMs`, received just now after a
   * round trip of `rttMs`. The edge's time is taken to be mid-trip.
   */
  observeServerTime(serverMs: number, rttMs: number): void {
    if (!Number.isFinite(serverMs) || !Number.isFinite(rttMs) || rttMs < 0) return
    if (rttMs > this.#maxRttMs) return
    if (serverMs < this.#buildTimeMs) {
      this.#logger?.warn({ serverMs }, 'edge time before build ignored')
      return
    }

    const monotonic = this.#monotonicMs()
    const uncertaintyMs = rttMs / 2
    const candidate: Anchor = { serverMs: serverMs + uncertaintyMs, monotonic, uncertaintyMs }
    const current = this.#anchor
    // A sample far from what we predict wins however slow its trip: the edge's clock
    // is the authority and ours may have drifted or been wrong all along.
    if (current !== undefined) {
      const predicted = current.serverMs + (monotonic - current.monotonic)
      const disagreement = Math.abs(predicted - candidate.serverMs)
      const agedUncertainty = current.uncertaintyMs + (monotonic - current.monotonic) * 1e-4
      if (disagreement <= agedUncertainty + uncertaintyMs && uncertaintyMs > agedUncertainty) return
      if (disagreement > this.#jumpThresholdMs) {
        this.#logger?.warn({ disagreementMs: Math.round(disagreement) }, 'edge time moved')
      }
    }

    this.#anchor = candidate
    this.#jumped = false
    this.#systemBase = this.#systemNowMs() - monotonic
  }

  #distrust(): ClockDistrust | undefined {
    this.#watchSystemClock()
    if (this.#anchor !== undefined) return undefined
    if (this.#jumped) return 'jumped'
    const now = this.#systemNowMs()
    if (now < this.#buildTimeMs) return 'before_build'
    if (
      this.#lastKnownGoodMs !== undefined &&
      now < this.#lastKnownGoodMs - this.#jumpThresholdMs
    ) {
      return 'before_last_known'
    }
    return undefined
  }

  /** Notices a step of the system clock against the monotonic clock. */
  #watchSystemClock(): void {
    const base = this.#systemNowMs() - this.#monotonicMs()
    if (this.#systemBase === undefined) {
      this.#systemBase = base
      return
    }
    if (Math.abs(base - this.#systemBase) > this.#jumpThresholdMs) {
      if (!this.#jumped) {
        this.#logger?.warn(
          { jumpMs: Math.round(base - this.#systemBase), anchored: this.#anchor !== undefined },
          'system clock jumped',
        )
      }
      this.#jumped = true
    }
    this.#systemBase = base
  }

  /** Only a trusted time is worth remembering; the write stays off the decision path. */
  #save(): void {
    if (this.#memory === undefined || !this.trusted) return
    const now = this.nowMs()
    this.#lastKnownGoodMs = Math.max(this.#lastKnownGoodMs ?? 0, now)
    try {
      this.#memory.save(now)
    } catch (err) {
      this.#logger?.warn({ err }, 'clock time not saved')
    }
  }
}
