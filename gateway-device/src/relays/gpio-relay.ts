// Relays wired to GPIO lines, driven through libgpiod v1's gpioset (Debian package gpiod).
import type { Logger } from 'pino'
import { allChannels, checkChannel, checkChannelCount } from './channels.ts'
import { CommandQueue } from './command-queue.ts'
import {
  GpioChild,
  isUsableChipName,
  runGpioTool,
  spawnGpioTool,
  type SpawnGpioTool,
} from './gpio-tool.ts'
import type { RelayDriver } from './relay-driver.ts'
import { RelayError } from './relay-error.ts'

export interface GpioRelayOptions {
  /** Chip name, number, path or label, as gpioset takes it: `gpiochip0`. */
  chip: string
  /** Line offset of each channel: channel 1 drives `lines[0]`. */
  lines: readonly number[]
  /** Most relay modules energise on a low input: set this for them. */
  activeLow?: boolean
  drive?: 'push-pull' | 'open-drain' | 'open-source'
  /** How long a fresh gpioset must stay up before its value counts as applied. Default 50. */
  settleMs?: number
  spawn?: SpawnGpioTool
  name?: string
  logger: Logger
}

/**
 * A line keeps its value only while the process that requested it lives, so each channel has
 * one `gpioset --mode=signal` holding its value; changing the value replaces that process.
 * Between the two the line is briefly undriven: a pull resistor on the relay input that holds
 * it released is part of the wiring this driver assumes. `stop()` drives every line inactive
 * with a last `gpioset --mode=exit`.
 */
export class GpioRelay implements RelayDriver {
  readonly name: string
  readonly #options: GpioRelayOptions
  readonly #spawn: SpawnGpioTool
  readonly #holders = new Map<number, GpioChild>()
  readonly #queues = new Map<number, CommandQueue>()
  #started = false

  constructor(options: GpioRelayOptions) {
    checkOptions(options)
    this.name = options.name ?? `gpio-relay:${options.chip}`
    this.#options = options
    this.#spawn = options.spawn ?? spawnGpioTool
  }

  async start(): Promise<void> {
    const lineCount = await this.#inspectChip()
    const outOfRange = this.#options.lines.find((line) => line >= lineCount)
    if (outOfRange !== undefined) {
      const message = `line ${outOfRange} does not exist: ${this.#options.chip} has ${lineCount}`
      throw new RelayError('RELAY_CONFIG_INVALID', message)
    }

    this.#started = true
    try {
      for (const channel of this.#channels()) await this.set(channel, false)
    } catch (err) {
      this.#started = false
      for (const holder of this.#holders.values()) await holder.terminate()
      this.#holders.clear()
      throw err
    }
    this.#options.logger.info({ lines: this.#options.lines }, 'gpio relay ready')
  }

  async stop(): Promise<void> {
    if (!this.#started) return
    this.#started = false
    for (const queue of this.#queues.values()) await queue.idle()
    for (const holder of this.#holders.values()) await holder.terminate()
    this.#holders.clear()

    const values = this.#options.lines.map((line) => `${line}=0`)
    const { child, exit } = await runGpioTool(this.#spawn, 'gpioset', [
      ...this.#flags(),
      '--mode=exit',
      this.#options.chip,
      ...values,
    ])
    if (exit.code !== 0) {
      const failure = child.failure(exit, this.#options.chip)
      throw new RelayError('RELAY_RELEASE_FAILED', failure.message, { cause: failure })
    }
  }

  async set(channel: number, energised: boolean): Promise<void> {
    if (!this.#started) throw new RelayError('RELAY_NOT_STARTED', 'relay driver is not started')
    checkChannel(channel, this.#options.lines.length)

    await this.#queueOf(channel).run(() => this.#hold(channel, energised))
  }

  async #hold(channel: number, energised: boolean): Promise<void> {
    const line = this.#options.lines[channel - 1]
    await this.#holders.get(channel)?.terminate()
    this.#holders.delete(channel)

    const args = [...this.#flags(), '--mode=signal', this.#options.chip, `${line}=${+energised}`]
    const holder = new GpioChild(this.#spawn, 'gpioset', args)
    const exit = await holder.exitWithin(this.#options.settleMs ?? 50)
    if (exit) {
      const failure = holder.failure(exit, this.#options.chip)
      throw new RelayError(failure.code, failure.message, { details: { channel } })
    }

    this.#holders.set(channel, holder)
    void holder.exited.then((lateExit) => {
      if (this.#holders.get(channel) !== holder) return
      this.#holders.delete(channel)
      const failure = holder.failure(lateExit, this.#options.chip)
      this.#options.logger.error({ channel, line, code: failure.code }, 'gpio line holder exited')
    })
  }

  /** The chip's line count, from gpioinfo's header line. */
  async #inspectChip(): Promise<number> {
    const { chip } = this.#options
    const { child, exit } = await runGpioTool(this.#spawn, 'gpioinfo', [chip])
    if (exit.code !== 0) {
      const failure = child.failure(exit, chip)
      throw new RelayError(failure.code, failure.message)
    }
    const header = /-\s+(\d+)\s+lines:/.exec(child.stdout)
    if (!header?.[1]) throw new RelayError('GPIO_TOOL_FAILED', 'gpioinfo printed no line count')
    return Number(header[1])
  }

  #flags(): string[] {
    const { activeLow, drive } = this.#options
    return [...(activeLow ? ['--active-low'] : []), ...(drive ? [`--drive=${drive}`] : [])]
  }

  #channels(): number[] {
    return allChannels(this.#options.lines.length)
  }

  #queueOf(channel: number): CommandQueue {
    let queue = this.#queues.get(channel)
    if (!queue) this.#queues.set(channel, (queue = new CommandQueue()))
    return queue
  }
}

function checkOptions(options: GpioRelayOptions): void {
  if (!isUsableChipName(options.chip)) {
    throw new RelayError('RELAY_CONFIG_INVALID', 'chip must be a GPIO chip name, number or path')
  }
  checkChannelCount(options.lines.length, 'lines.length')
  const bad = options.lines.some((line) => !Number.isInteger(line) || line < 0)
  if (bad || new Set(options.lines).size !== options.lines.length) {
    throw new RelayError('RELAY_CONFIG_INVALID', 'lines must be distinct line offsets from 0 up')
  }
  const settleMs = options.settleMs ?? 50
  if (!Number.isFinite(settleMs) || settleMs < 0) {
    throw new RelayError('RELAY_CONFIG_INVALID', 'settleMs must be zero or more')
  }
}
