// Counts people through a lane from its passage sensor (a light beam or a rotation contact).
import type { Logger } from 'pino'
import type { DigitalInput } from './digital-input.ts'
import { InputError } from './input-error.ts'

/** One passage: the sensor was blocked for `blockedMs` and cleared at `at`. */
export interface Passage {
  lane: number
  at: number
  blockedMs: number
}

export interface PassageCounterOptions {
  /** Active while something blocks the sensor. */
  input: DigitalInput
  lane: number
  /** Blockages shorter than this are glitches or bounce, not people. Default 50 ms. */
  minBlockedMs?: number
  onPassage?: (passage: Passage) => void
  now?: () => number
  logger: Logger
}

export interface PassageStatus {
  lane: number
  count: number
  blocked: boolean
  lastPassageAt?: number
}

/** A passage counts when the sensor clears, so a person standing in the beam counts once. */
export class PassageCounter {
  readonly #options: PassageCounterOptions
  readonly #now: () => number
  readonly #minBlockedMs: number
  #count = 0
  #blockedSince: number | undefined
  #lastPassageAt: number | undefined

  constructor(options: PassageCounterOptions) {
    const minBlockedMs = options.minBlockedMs ?? 50
    if (!Number.isFinite(minBlockedMs) || minBlockedMs < 0) {
      throw new InputError('INPUT_CONFIG_INVALID', 'minBlockedMs must be zero or more')
    }
    this.#options = options
    this.#now = options.now ?? (() => performance.now())
    this.#minBlockedMs = minBlockedMs
  }

  get count(): number {
    return this.#count
  }

  async start(): Promise<void> {
    await this.#options.input.start((active) => this.#onSensor(active))
  }

  async stop(): Promise<void> {
    await this.#options.input.stop()
    this.#blockedSince = undefined
  }

  status(): PassageStatus {
    return {
      lane: this.#options.lane,
      count: this.#count,
      blocked: this.#blockedSince !== undefined,
      ...(this.#lastPassageAt === undefined ? {} : { lastPassageAt: this.#lastPassageAt }),
    }
  }

  #onSensor(active: boolean): void {
    const now = this.#now()
    if (active) {
      this.#blockedSince ??= now
      return
    }

    const since = this.#blockedSince
    this.#blockedSince = undefined
    if (since === undefined || now - since < this.#minBlockedMs) return
    this.#count += 1
    this.#lastPassageAt = now
    const passage = { lane: this.#options.lane, at: now, blockedMs: now - since }
    this.#options.logger.debug(passage, 'passage counted')
    this.#options.onPassage?.(passage)
  }
}
