// What the relay boards behind a serial port share: the port's lifecycle around their protocol.
import type { Logger } from 'pino'
import { allChannels, checkChannel } from './channels.ts'
import type { RelayDriver } from './relay-driver.ts'
import { RelayError } from './relay-error.ts'
import { releaseAll } from './release-all.ts'
import type { SerialLink } from './serial-link.ts'

/**
 * `start()` opens the port and releases every channel, so a board left energised by a crash
 * does not hold a turnstile open. `stop()` refuses new commands at once, lets the ones already
 * accepted go out, releases every channel and only then closes the port. A subclass speaks
 * its board's protocol in `deliver()`.
 */
export abstract class SerialBoard implements RelayDriver {
  abstract readonly name: string
  readonly #channels: number
  readonly #link: SerialLink
  readonly #logger: Logger
  #started = false

  protected constructor(link: SerialLink, channels: number, logger: Logger) {
    this.#link = link
    this.#channels = channels
    this.#logger = logger
  }

  async start(): Promise<void> {
    await this.#link.open()
    this.#started = true
    try {
      await releaseAll(this, allChannels(this.#channels))
    } catch (err) {
      this.#started = false
      await this.whenIdle()
      await this.#link.close()
      throw err
    }
    this.#logger.info({ channels: this.#channels }, 'relay board ready')
  }

  async stop(): Promise<void> {
    if (!this.#started) return
    // A command accepted from here on would run after the releases: it could leave its
    // channel energised, or reopen the port once closed.
    this.#started = false
    try {
      await this.whenIdle()
      const board = { set: (channel: number, on: boolean) => this.deliver(channel, on) }
      await releaseAll(board, allChannels(this.#channels))
    } finally {
      await this.whenIdle()
      await this.#link.close()
    }
  }

  async set(channel: number, energised: boolean): Promise<void> {
    this.checkCommand(channel)

    await this.deliver(channel, energised)
  }

  /** Puts one command on the wire, in call order; `set()` has checked it already. */
  protected abstract deliver(channel: number, energised: boolean): Promise<void>

  /** Throws `RELAY_NOT_STARTED` or `RELAY_BAD_CHANNEL` unless a command may go out. */
  protected checkCommand(channel: number): void {
    if (!this.#started) throw new RelayError('RELAY_NOT_STARTED', 'relay driver is not started')
    checkChannel(channel, this.#channels)
  }

  /** Resolves once the commands already accepted have gone out; the port closes after it. */
  protected abstract whenIdle(): Promise<void>
}
