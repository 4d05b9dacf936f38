// Tells the edge how this gate is, every interval, and learns the edge's time from the answer.
import type { Heartbeat } from '@greengate/shared'
import type { Logger } from 'pino'
import { errorCodeOf } from './error-code.ts'

export interface HeartbeatSenderOptions {
  intervalMs: number
  /** The report, built fresh for each beat. */
  build: () => Heartbeat
  send: (heartbeat: Heartbeat) => Promise<{ serverTime: number }>
  /** The edge's time (Unix ms) and the round trip it took, for the gate's clock. */
  onServerTime: (serverMs: number, rttMs: number) => void
  monotonicMs?: () => number
  now?: () => number
  logger: Logger
}

export interface HeartbeatStatus {
  lastSentAt: number | null
  lastErrorCode: string | null
  consecutiveFailures: number
}

/** The first beat goes at start; a failed one is simply tried again at the next interval. */
export class HeartbeatSender {
  readonly #options: HeartbeatSenderOptions
  readonly #monotonicMs: () => number
  readonly #now: () => number
  #timer: NodeJS.Timeout | undefined
  #inFlight: Promise<void> | undefined
  #status: HeartbeatStatus = { lastSentAt: null, lastErrorCode: null, consecutiveFailures: 0 }

  constructor(options: HeartbeatSenderOptions) {
    this.#options = options
    this.#monotonicMs = options.monotonicMs ?? (() => performance.now())
    this.#now = options.now ?? Date.now
  }

  start(): void {
    if (this.#timer) return
    this.#timer = setInterval(() => this.#beat(), this.#options.intervalMs)
    this.#beat()
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    await this.#inFlight
  }

  status(): HeartbeatStatus {
    return { ...this.#status }
  }

  #beat(): void {
    if (this.#inFlight) return
    this.#inFlight = this.#send().finally(() => {
      this.#inFlight = undefined
    })
  }

  async #send(): Promise<void> {
    try {
      const sentAt = this.#monotonicMs()
      const answer = await this.#options.send(this.#options.build())
      this.#options.onServerTime(answer.serverTime, this.#monotonicMs() - sentAt)
      this.#status = { lastSentAt: this.#now(), lastErrorCode: null, consecutiveFailures: 0 }
    } catch (err) {
      const failures = this.#status.consecutiveFailures + 1
      this.#status = {
        ...this.#status,
        lastErrorCode: errorCodeOf(err),
        consecutiveFailures: failures,
      }
      // Offline is normal for a gate: warn once, then stay quiet until it recovers.
      if (failures === 1) this.#options.logger.warn({ err }, 'heartbeat failed')
      else this.#options.logger.debug({ err, failures }, 'heartbeat failed again')
    }
  }
}
