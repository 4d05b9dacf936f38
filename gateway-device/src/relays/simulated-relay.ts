// A relay board in memory: records every transition, for the local demo and for tests.
import type { Logger } from 'pino'
import { allChannels, checkChannel, checkChannelCount } from './channels.ts'
import type { RelayDriver } from './relay-driver.ts'
import { RelayError } from './relay-error.ts'
import { releaseAll } from './release-all.ts'

/** One change of one channel, stamped with the driver's clock. */
export interface RelayTransition {
  channel: number
  energised: boolean
  at: number
}

export interface SimulatedRelayOptions {
  channels: number
  name?: string
  /** Milliseconds each `set()` takes, to let tests and the demo feel a slow board. Default 0. */
  latencyMs?: number
  now?: () => number
  logger?: Logger
}

export class SimulatedRelay implements RelayDriver {
  readonly name: string
  readonly #channels: number
  readonly #latencyMs: number
  readonly #now: () => number
  readonly #logger: Logger | undefined
  readonly #state = new Map<number, boolean>()
  readonly #transitions: RelayTransition[] = []
  #failure: RelayError | undefined
  #failuresLeft = 0
  #started = false

  constructor(options: SimulatedRelayOptions) {
    checkChannelCount(options.channels, 'channels')
    this.name = options.name ?? 'simulated-relay'
    this.#channels = options.channels
    this.#latencyMs = options.latencyMs ?? 0
    this.#now = options.now ?? (() => performance.now())
    this.#logger = options.logger
  }

  /** Changes of state only: setting a channel to what it already is records nothing. */
  get transitions(): readonly RelayTransition[] {
    return this.#transitions
  }

  isEnergised(channel: number): boolean {
    return this.#state.get(channel) === true
  }

  /** Makes the next `times` calls to `set()` (all, by default) reject with `error`. */
  failWith(error: RelayError | undefined, times = Number.POSITIVE_INFINITY): void {
    this.#failure = error
    this.#failuresLeft = times
  }

  async start(): Promise<void> {
    this.#started = true
    for (const channel of allChannels(this.#channels)) this.#state.set(channel, false)
    this.#logger?.info({ channels: this.#channels }, 'simulated relay ready')
  }

  async stop(): Promise<void> {
    if (!this.#started) return
    try {
      await releaseAll(this, allChannels(this.#channels))
    } finally {
      this.#started = false
    }
  }

  async set(channel: number, energised: boolean): Promise<void> {
    if (!this.#started) throw new RelayError('RELAY_NOT_STARTED', 'relay driver is not started')
    checkChannel(channel, this.#channels)

    if (this.#latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#latencyMs))
    if (this.#failure && this.#failuresLeft > 0) {
      this.#failuresLeft -= 1
      throw this.#failure
    }
    if (this.#state.get(channel) === energised) return
    this.#state.set(channel, energised)
    this.#transitions.push({ channel, energised, at: this.#now() })
  }
}
