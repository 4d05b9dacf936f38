// Two LED lines at a lane: green for a pass, red for a refusal or a fault, lit for a while.
import type { Logger } from 'pino'
import { CommandQueue } from '../relays/command-queue.ts'
import type { DigitalOutput } from './digital-output.ts'
import type { LaneFeedback, LaneResult } from './lane-result.ts'

export interface LedFeedbackOptions {
  pass: DigitalOutput
  refuse: DigitalOutput
  /** How long a result stays lit; a newer result replaces it at once. */
  showMs: number
  name?: string
  logger: Logger
}

export class LedFeedback implements LaneFeedback {
  readonly name: string
  readonly #options: LedFeedbackOptions
  readonly #queue = new CommandQueue()
  #timer: NodeJS.Timeout | undefined
  #started = false

  constructor(options: LedFeedbackOptions) {
    this.name = options.name ?? 'led'
    this.#options = options
  }

  async start(): Promise<void> {
    await this.#options.pass.start()
    await this.#options.refuse.start()
    this.#started = true
    await this.#light(false, false)
  }

  async stop(): Promise<void> {
    this.#started = false
    clearTimeout(this.#timer)
    await this.#queue.idle()
    await Promise.allSettled([this.#options.pass.stop(), this.#options.refuse.stop()])
  }

  show(result: LaneResult): void {
    if (!this.#started) return
    const pass = result.verdict === 'pass'
    clearTimeout(this.#timer)
    void this.#light(pass, !pass)
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.#light(false, false)
    }, this.#options.showMs)
  }

  /** Queued, so a quick second result cannot be overtaken by the first one's commands. */
  #light(pass: boolean, refuse: boolean): Promise<void> {
    return this.#queue.run(async () => {
      try {
        await this.#options.pass.set(pass)
        await this.#options.refuse.set(refuse)
      } catch (err) {
        this.#options.logger.warn({ err }, 'led feedback failed')
      }
    })
  }
}
