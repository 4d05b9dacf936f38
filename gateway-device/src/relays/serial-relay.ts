// USB serial relay boards (LCUS/CH340): write a 4-byte frame, drain, expect no answer.
import type { Logger } from 'pino'
import { allChannels, checkChannel, checkChannelCount } from './channels.ts'
import { CommandQueue } from './command-queue.ts'
import { encodeLcusCommand } from './lcus-frame.ts'
import type { RelayDriver } from './relay-driver.ts'
import { RelayError } from './relay-error.ts'
import { releaseAll } from './release-all.ts'
import { SerialLink } from './serial-link.ts'

export interface SerialRelayOptions {
  /** Device path, e.g. `/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0`. */
  path: string
  /** Relay channels on the board (1, 2, 4 or 8 on the common boards). */
  channels: number
  /** 9600 on every LCUS board seen so far. */
  baudRate?: number
  writeTimeoutMs?: number
  name?: string
  logger: Logger
}

/**
 * These boards never acknowledge, so a delivered command means "written and drained": a board
 * that is powered but wedged goes unnoticed. The port is reopened on the next command after
 * the USB device disappears and comes back.
 */
export class SerialRelay implements RelayDriver {
  readonly name: string
  readonly #channels: number
  readonly #link: SerialLink
  readonly #logger: Logger
  readonly #queue = new CommandQueue()
  #started = false

  constructor(options: SerialRelayOptions) {
    checkChannelCount(options.channels, 'channels')
    this.name = options.name ?? `serial-relay:${options.path}`
    this.#channels = options.channels
    this.#logger = options.logger
    this.#link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? 9600,
      ...(options.writeTimeoutMs === undefined ? {} : { writeTimeoutMs: options.writeTimeoutMs }),
      logger: options.logger,
    })
  }

  async start(): Promise<void> {
    await this.#link.open()
    this.#started = true
    try {
      await releaseAll(this, allChannels(this.#channels))
    } catch (err) {
      this.#started = false
      await this.#link.close()
      throw err
    }
    this.#logger.info({ channels: this.#channels }, 'relay board ready')
  }

  async stop(): Promise<void> {
    if (!this.#started) return
    try {
      await releaseAll(this, allChannels(this.#channels))
    } finally {
      this.#started = false
      await this.#queue.idle()
      await this.#link.close()
    }
  }

  async set(channel: number, energised: boolean): Promise<void> {
    if (!this.#started) throw new RelayError('RELAY_NOT_STARTED', 'relay driver is not started')
    checkChannel(channel, this.#channels)

    const frame = encodeLcusCommand(channel, energised)
    return this.#queue.run(() => this.#link.write(frame))
  }
}
