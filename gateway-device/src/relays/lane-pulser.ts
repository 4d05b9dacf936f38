// Opens turnstile lanes by pulsing their relay channels, one command at a time per driver.
import type { Logger } from 'pino'
import { CommandQueue } from './command-queue.ts'
import type {
  DropReason,
  LaneChannel,
  LaneRelayStatus,
  PulseResult,
  RelayStatus,
} from './lane-status.ts'
import type { RelayDriver } from './relay-driver.ts'
import { RelayError } from './relay-error.ts'

export interface LanePulserOptions {
  driver: RelayDriver
  lanes: readonly LaneChannel[]
  /** How long one pulse keeps a lane's relay energised. */
  pulseMs: number
  /** Longest an open may take from request to delivery; a later one is dropped, not replayed. */
  deadlineMs: number
  /** Pause before retrying a release (or a held open) that failed. Default 250 ms. */
  retryMs?: number
  now?: () => number
  logger: Logger
}

interface LaneState extends LaneRelayStatus {
  /** Bumped by every open: a release armed for an older open must not cut a newer one short. */
  token: number
  timer: NodeJS.Timeout | undefined
}

/**
 * Owns its driver: `start()` starts it, `stop()` stops it (which releases every channel).
 * Guarantees: every open is followed by a release, retried until it succeeds; an open that
 * cannot reach the driver before its deadline is dropped; while held (fire alarm) every lane
 * stays energised, and failed channels are retried until the hold is released.
 */
export class LanePulser {
  readonly #driver: RelayDriver
  readonly #options: LanePulserOptions
  readonly #now: () => number
  readonly #lanes = new Map<number, LaneState>()
  readonly #queue = new CommandQueue()
  #started = false
  #stopping = false
  #held = false

  constructor(options: LanePulserOptions) {
    checkOptions(options)
    this.#driver = options.driver
    this.#options = options
    this.#now = options.now ?? (() => performance.now())
    for (const { lane, channel } of options.lanes) {
      const state = { lane, channel, energised: false, since: 0, token: 0, timer: undefined }
      this.#lanes.set(lane, state)
    }
  }

  async start(): Promise<void> {
    await this.#driver.start()
    const now = this.#now()
    for (const state of this.#lanes.values()) Object.assign(state, { energised: false, since: now })
    this.#started = true
    if (this.#held) await this.#holdRound()
  }

  /** Drops what is still queued, then stops the driver, which releases every channel. */
  async stop(): Promise<void> {
    if (!this.#started) return
    this.#stopping = true
    this.#clearTimers()
    await this.#queue.idle()
    this.#clearTimers()
    try {
      await this.#driver.stop()
      for (const state of this.#lanes.values()) this.#mark(state, false)
    } finally {
      this.#started = false
      this.#stopping = false
      this.#held = false
    }
  }

  /** Opens `lane` for one pulse; `requestedAt` (pulser clock) starts the deadline. */
  pulse(lane: number, requestedAt = this.#now()): Promise<PulseResult> {
    const state = this.#lanes.get(lane)
    if (!state) return Promise.resolve(dropped(lane, 'unknown_lane', false))
    if (!this.#started || this.#stopping) return Promise.resolve(dropped(lane, 'stopped', false))

    const deadline = requestedAt + this.#options.deadlineMs
    return new Promise((answer) => {
      void this.#queue.run(() => this.#open(state, deadline, answer))
    })
  }

  /**
   * Energises every lane until `releaseHold()`; resolves with the lanes that failed for now
   * (they are retried). Asked before `start()`, the hold begins as soon as the driver is up.
   */
  async holdOpen(): Promise<number[]> {
    if (this.#stopping) return [...this.#lanes.keys()]
    this.#held = true
    this.#clearTimers()
    if (!this.#started) return [...this.#lanes.keys()]

    return this.#holdRound()
  }

  /** Ends a hold: every lane is released (retried until it succeeds). */
  async releaseHold(): Promise<void> {
    if (!this.#held) return
    this.#held = false
    this.#clearTimers()

    await this.#queue.run(async () => {
      for (const state of this.#lanes.values()) {
        state.token += 1
        await this.#release(state, state.token)
      }
      this.#options.logger.info('lane hold released')
    })
  }

  status(): RelayStatus {
    const lanes = [...this.#lanes.values()].map(
      ({ lane, channel, energised, since, lastErrorCode }): LaneRelayStatus => ({
        lane,
        channel,
        energised,
        since,
        ...(lastErrorCode ? { lastErrorCode } : {}),
      }),
    )
    return {
      driver: this.#driver.name,
      started: this.#started,
      held: this.#held,
      queued: this.#queue.waiting,
      lanes,
    }
  }

  #holdRound(): Promise<number[]> {
    return this.#queue.run(async () => {
      const failed: number[] = []
      for (const state of this.#lanes.values()) {
        if (!(await this.#energiseHeld(state))) failed.push(state.lane)
      }
      this.#options.logger.warn({ failed }, 'all lanes held open')
      return failed
    })
  }

  async #open(state: LaneState, deadline: number, answer: (r: PulseResult) => void) {
    const { lane, channel } = state
    if (!this.#active) return answer(dropped(lane, 'stopped', false))
    if (this.#held) return answer({ outcome: 'held', lane })
    if (this.#now() > deadline) {
      this.#options.logger.warn({ lane, reason: 'deadline' }, 'lane open dropped')
      return answer(dropped(lane, 'deadline', false))
    }

    const token = (state.token += 1)
    if (state.energised === true) {
      this.#armRelease(state, token, this.#options.pulseMs)
      return answer({ outcome: 'opened', lane, deliveredAt: this.#now(), extended: true })
    }

    const delivery = this.#driver.set(channel, true)
    const verdict = await settleBefore(delivery, deadline - this.#now())
    if (verdict.kind === 'delivered') {
      this.#mark(state, true)
      this.#armRelease(state, token, this.#options.pulseMs)
      return answer({ outcome: 'opened', lane, deliveredAt: this.#now(), extended: false })
    }

    if (verdict.kind === 'late') {
      this.#options.logger.warn({ lane, reason: 'deadline' }, 'lane open dropped in flight')
      answer(dropped(lane, 'deadline', true))
      await delivery.catch(() => undefined)
    } else {
      const code = verdict.err instanceof RelayError ? verdict.err.code : undefined
      this.#options.logger.error({ lane, err: verdict.err }, 'lane open failed')
      answer({ ...dropped(lane, 'driver_failed', true), ...(code ? { code } : {}) })
    }
    this.#mark(state, 'unknown')
    await this.#release(state, token)
  }

  /** Releases unless a newer open or a hold owns the lane; on failure, retries later. */
  async #release(state: LaneState, token: number): Promise<void> {
    if (this.#held || !this.#active || token !== state.token) return
    try {
      await this.#driver.set(state.channel, false)
      this.#mark(state, false)
    } catch (err) {
      this.#fail(state, err, 'lane release failed')
      this.#armRelease(state, token, this.#options.retryMs ?? 250)
    }
  }

  async #energiseHeld(state: LaneState): Promise<boolean> {
    if (!this.#held || !this.#active) return false
    try {
      await this.#driver.set(state.channel, true)
      this.#mark(state, true)
      return true
    } catch (err) {
      this.#fail(state, err, 'held lane open failed')
      state.timer = setTimeout(() => {
        void this.#queue.run(() => this.#energiseHeld(state))
      }, this.#options.retryMs ?? 250)
      return false
    }
  }

  get #active(): boolean {
    return this.#started && !this.#stopping
  }

  #clearTimers(): void {
    for (const state of this.#lanes.values()) {
      clearTimeout(state.timer)
      state.timer = undefined
    }
  }

  #armRelease(state: LaneState, token: number, afterMs: number): void {
    clearTimeout(state.timer)
    state.timer = setTimeout(() => {
      state.timer = undefined
      void this.#queue.run(() => this.#release(state, token))
    }, afterMs)
  }

  #mark(state: LaneState, energised: boolean | 'unknown'): void {
    if (energised !== 'unknown') delete state.lastErrorCode
    if (state.energised === energised) return
    state.energised = energised
    state.since = this.#now()
  }

  #fail(state: LaneState, err: unknown, message: string): void {
    this.#mark(state, 'unknown')
    if (err instanceof RelayError) state.lastErrorCode = err.code
    this.#options.logger.error({ lane: state.lane, err }, message)
  }
}

type Verdict = { kind: 'delivered' } | { kind: 'failed'; err: unknown } | { kind: 'late' }

/** How `delivery` settled within `ms`, without waiting past it. */
function settleBefore(delivery: Promise<void>, ms: number): Promise<Verdict> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<Verdict>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'late' }), Math.max(0, ms))
  })
  const settled = delivery.then<Verdict, Verdict>(
    () => ({ kind: 'delivered' }),
    (err: unknown) => ({ kind: 'failed', err }),
  )
  return Promise.race([settled, late]).finally(() => clearTimeout(timer))
}

function dropped(lane: number, reason: DropReason, sent: boolean): PulseResult {
  return { outcome: 'dropped', lane, reason, sent }
}

function checkOptions(options: LanePulserOptions): void {
  const invalid = (message: string) => new RelayError('RELAY_CONFIG_INVALID', message)
  if (options.lanes.length === 0) throw invalid('lanes must name at least one lane')
  const lanes = new Set(options.lanes.map((entry) => entry.lane))
  const channels = new Set(options.lanes.map((entry) => entry.channel))
  if (lanes.size !== options.lanes.length) throw invalid('lanes must not repeat a lane')
  if (channels.size !== options.lanes.length) throw invalid('lanes must not share a channel')
  for (const [field, value] of [
    ['pulseMs', options.pulseMs],
    ['deadlineMs', options.deadlineMs],
    ['retryMs', options.retryMs ?? 250],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0) throw invalid(`${field} must be a positive number`)
  }
}
