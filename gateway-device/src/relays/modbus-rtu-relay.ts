// Relay boards on an RS-485 bus spoken to in Modbus RTU: one coil per channel.
import type { Logger } from 'pino'
import { checkChannelCount } from './channels.ts'
import { ModbusRtuClient } from './modbus-rtu-client.ts'
import { RelayError } from './relay-error.ts'
import { SerialBoard } from './serial-board.ts'
import { SerialLink } from './serial-link.ts'

export interface ModbusRtuRelayOptions {
  /** Device path of the RS-485 adapter. */
  path: string
  /** Modbus unit (slave) id of the board, 1..247. */
  unitId: number
  channels: number
  /** Coil address of channel 1; channel n is `firstCoil + n - 1`. Default 0. */
  firstCoil?: number
  baudRate?: number
  parity?: 'none' | 'even' | 'odd'
  stopBits?: 1 | 2
  /** Per-attempt wait for the reply. Default 200 ms. */
  timeoutMs?: number
  /** Further attempts after a timeout or a garbled reply. Default 2. */
  retries?: number
  name?: string
  logger: Logger
}

/**
 * Every command is confirmed by the board's echo. The worst case for one `set()` is
 * `(retries + 1) * timeoutMs` plus transmission time: keep the lane pulser's deadline above it.
 */
export class ModbusRtuRelay extends SerialBoard {
  readonly name: string
  readonly #firstCoil: number
  readonly #client: ModbusRtuClient

  constructor(options: ModbusRtuRelayOptions) {
    checkOptions(options)
    const baudRate = options.baudRate ?? 9600
    const link = new SerialLink({
      path: options.path,
      baudRate,
      parity: options.parity ?? 'none',
      stopBits: options.stopBits ?? 1,
      logger: options.logger,
    })
    super(link, options.channels, options.logger)
    this.name = options.name ?? `modbus-rtu-relay:${options.path}#${options.unitId}`
    this.#firstCoil = options.firstCoil ?? 0
    this.#client = new ModbusRtuClient({
      link,
      unitId: options.unitId,
      timeoutMs: options.timeoutMs ?? 200,
      retries: options.retries ?? 2,
      interFrameMs: interFrameMs(baudRate),
      logger: options.logger,
    })
  }

  protected override async deliver(channel: number, energised: boolean): Promise<void> {
    try {
      await this.#client.writeCoil(this.#firstCoil + channel - 1, energised)
    } catch (err) {
      throw withChannel(err, channel)
    }
  }

  /** Reads the channel's coil back from the board (function 0x01). */
  async readChannel(channel: number): Promise<boolean> {
    this.checkCommand(channel)

    const [on] = await this.#client.readCoils(this.#firstCoil + channel - 1, 1)
    return on === true
  }

  /** Requests queued before `stop()` (reads too) finish before the port closes. */
  protected override async whenIdle(): Promise<void> {
    await this.#client.idle()
  }
}

function checkOptions(options: ModbusRtuRelayOptions): void {
  checkChannelCount(options.channels, 'channels')
  const invalid = (field: string, rule: string) =>
    new RelayError('RELAY_CONFIG_INVALID', `${field} must be ${rule}`)
  if (!Number.isInteger(options.unitId) || options.unitId < 1 || options.unitId > 247) {
    throw invalid('unitId', 'an integer from 1 to 247')
  }
  const firstCoil = options.firstCoil ?? 0
  if (!Number.isInteger(firstCoil) || firstCoil < 0 || firstCoil + options.channels > 0x10000) {
    throw invalid('firstCoil', 'a coil address from 0 to 65535 leaving room for every channel')
  }
  const timeoutMs = options.timeoutMs ?? 200
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid('timeoutMs', 'positive')
  const retries = options.retries ?? 2
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw invalid('retries', 'an integer from 0 to 10')
  }
}

/** 3.5 character times of 11 bits, and never under 2 ms (the spec's floor above 19200 baud). */
function interFrameMs(baudRate: number): number {
  return Math.max(2, Math.ceil((3.5 * 11 * 1000) / baudRate))
}

function withChannel(err: unknown, channel: number): unknown {
  if (!(err instanceof RelayError)) return err
  return new RelayError(err.code, err.message, {
    details: { ...err.details, channel },
    cause: err.cause,
  })
}
