// The fire-alarm latch: the contact opens every lane, and they stay open until acknowledged.
import type { Logger } from 'pino'
import type { DigitalInput } from './digital-input.ts'
import { InputError } from './input-error.ts'

/** What the latch needs from each group of lanes; the lane pulser provides it. */
export interface LaneHold {
  /** Energises every lane; resolves with the lanes that failed for now (still retried). */
  holdOpen(): Promise<number[]>
  releaseHold(): Promise<void>
}

export interface FireAlarmOptions {
  /**
   * The alarm panel's contact. Prefer a normally-closed loop to ground with a pull-up, so that
   * a cut wire reads as an alarm; a normally-open contact to ground needs `activeLow`.
   */
  input: DigitalInput
  /** Every lane group this gate controls. */
  lanes: readonly LaneHold[]
  now?: () => number
  logger: Logger
}

export interface FireAlarmStatus {
  /** undefined until the input has reported. */
  contactActive: boolean | undefined
  latched: boolean
  latchedAt?: number
  acknowledgedAt?: number
}

/**
 * Latches on the first active report (including the level at start-up) and holds every lane
 * open. Only `acknowledge()` releases, and only while the contact is inactive: a contact that
 * merely goes quiet again does not close the lanes.
 */
export class FireAlarm {
  readonly #options: FireAlarmOptions
  readonly #now: () => number
  #status: FireAlarmStatus = { contactActive: undefined, latched: false }
  #started = false

  constructor(options: FireAlarmOptions) {
    this.#options = options
    this.#now = options.now ?? (() => performance.now())
  }

  async start(): Promise<void> {
    await this.#options.input.start((active) => this.#onContact(active))
    this.#started = true
  }

  /** Stops watching the contact; lanes held open stay so until their pulsers stop. */
  async stop(): Promise<void> {
    this.#started = false
    await this.#options.input.stop()
  }

  status(): FireAlarmStatus {
    return { ...this.#status }
  }

  /** Releases the lanes; refused with `FIRE_ALARM_CONTACT_ACTIVE` while the alarm still sounds. */
  async acknowledge(): Promise<void> {
    if (!this.#started) throw new InputError('INPUT_NOT_STARTED', 'fire alarm is not started')
    if (this.#status.contactActive !== false) {
      throw new InputError('FIRE_ALARM_CONTACT_ACTIVE', 'the fire alarm contact is still active')
    }
    if (!this.#status.latched) return

    this.#status = { ...this.#status, latched: false, acknowledgedAt: this.#now() }
    this.#options.logger.warn('fire alarm acknowledged')
    await Promise.all(this.#options.lanes.map((lanes) => lanes.releaseHold()))
  }

  #onContact(active: boolean): void {
    this.#status = { ...this.#status, contactActive: active }
    this.#options.logger.warn({ active }, 'fire alarm contact changed')
    if (!active) return

    if (!this.#status.latched) {
      const { acknowledgedAt: _previous, ...rest } = this.#status
      this.#status = { ...rest, latched: true, latchedAt: this.#now() }
      this.#options.logger.error('fire alarm latched, holding every lane open')
    }
    for (const lanes of this.#options.lanes) {
      lanes.holdOpen().then(
        (failed) => {
          if (failed.length > 0) this.#options.logger.error({ failed }, 'lanes not yet open')
        },
        (err: unknown) => this.#options.logger.error({ err }, 'lane hold failed'),
      )
    }
  }
}
