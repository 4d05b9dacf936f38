// USB serial relay boards (LCUS/CH340): write a 4-byte frame, drain, expect no answer.
import type { Logger } from 'pino'
import { checkChannelCount } from './channels.ts'
import { CommandQueue } from './command-queue.ts'
import { encodeLcusCommand } from './lcus-frame.ts'
import { SerialBoard } from './serial-board.ts'
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
export class SerialRelay extends SerialBoard {
  readonly name: string
  readonly #link: SerialLink
  readonly #queue = new CommandQueue()

  constructor(options: SerialRelayOptions) {
    checkChannelCount(options.channels, 'channels')
    const link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? 9600,
      ...(options.writeTimeoutMs === undefined ? {} : { writeTimeoutMs: options.writeTimeoutMs }),
      logger: options.logger,
    })
    super(link, options.channels, options.logger)
    this.name = options.name ?? `serial-relay:${options.path}`
    this.#link = link
  }

  protected override deliver(channel: number, energised: boolean): Promise<void> {
    const frame = encodeLcusCommand(channel, energised)
    return this.#queue.run(() => this.#link.write(frame))
  }

  /** Writes queued before `stop()` finish before the port closes. */
  protected override async whenIdle(): Promise<void> {
    await this.#queue.idle()
  }
}
