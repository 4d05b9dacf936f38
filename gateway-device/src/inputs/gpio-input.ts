// An input on a GPIO line, read with libgpiod v1's gpioget and watched with gpiomon.
import type { Logger } from 'pino'
import {
  GpioChild,
  isUsableChipName,
  runGpioTool,
  spawnGpioTool,
  type SpawnGpioTool,
} from '../relays/gpio-tool.ts'
import type { DigitalInput } from './digital-input.ts'
import { InputError } from './input-error.ts'

export interface GpioInputOptions {
  /** Chip name, number, path or label, as the tools take it: `gpiochip0`. */
  chip: string
  line: number
  /** Report a low line as active (a contact that pulls the line to ground). */
  activeLow?: boolean
  bias?: 'as-is' | 'disable' | 'pull-up' | 'pull-down'
  /** Pause before watching again after gpiomon died. Default 1000 ms. */
  restartDelayMs?: number
  spawn?: SpawnGpioTool
  name?: string
  logger: Logger
}

/**
 * The level is read once with gpioget, then gpiomon reports edges. If gpiomon dies it is
 * restarted after a pause, and the level is read again first, so a change missed meanwhile
 * is reported late rather than never.
 *
 * TODO(someday): v1 tools cannot read a level and watch edges under one line request, so an
 * edge between gpioget exiting and gpiomon starting (a few ms) shows up only at the next
 * edge; libgpiod v2's tools or a native binding would close that gap.
 */
export class GpioInput implements DigitalInput {
  readonly name: string
  readonly #options: GpioInputOptions
  readonly #spawn: SpawnGpioTool
  #monitor: GpioChild | undefined
  #restartTimer: NodeJS.Timeout | undefined
  #onChange: ((active: boolean) => void) | undefined
  #level: boolean | undefined

  constructor(options: GpioInputOptions) {
    checkOptions(options)
    this.name = options.name ?? `gpio-input:${options.chip}:${options.line}`
    this.#options = options
    this.#spawn = options.spawn ?? spawnGpioTool
  }

  async start(onChange: (active: boolean) => void): Promise<void> {
    const level = await this.#read()
    this.#onChange = onChange
    this.#report(level)
    this.#watch()
  }

  async stop(): Promise<void> {
    this.#onChange = undefined
    clearTimeout(this.#restartTimer)
    const monitor = this.#monitor
    this.#monitor = undefined
    await monitor?.terminate()
  }

  async #read(): Promise<boolean> {
    const { chip, line } = this.#options
    const args = [...this.#flags(), chip, `${line}`]
    const { child, exit } = await runGpioTool(this.#spawn, 'gpioget', args)
    const value = child.stdout.trim()
    if (exit.code === 0 && (value === '0' || value === '1')) return value === '1'

    const failure = child.failure(exit, chip)
    throw new InputError(failure.code, failure.message)
  }

  #watch(): void {
    const { chip, line, logger } = this.#options
    const args = ['--line-buffered', '--format=%e', ...this.#flags(), chip, `${line}`]
    const monitor = new GpioChild(this.#spawn, 'gpiomon', args)
    this.#monitor = monitor

    let partial = ''
    monitor.process.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n')
      partial = lines.pop() ?? ''
      for (const event of lines) {
        if (event.trim() === '1') this.#report(true)
        if (event.trim() === '0') this.#report(false)
      }
    })
    void monitor.exited.then((exit) => {
      if (this.#monitor !== monitor) return
      this.#monitor = undefined
      const failure = monitor.failure(exit, chip)
      logger.error({ line, code: failure.code, reason: failure.message }, 'gpio monitor exited')
      this.#scheduleRestart()
    })
  }

  #scheduleRestart(): void {
    if (!this.#onChange) return
    this.#restartTimer = setTimeout(() => {
      this.#read().then(
        (level) => {
          if (!this.#onChange) return
          this.#report(level)
          this.#watch()
        },
        (err: unknown) => {
          this.#options.logger.error({ err, line: this.#options.line }, 'gpio input read failed')
          this.#scheduleRestart()
        },
      )
    }, this.#options.restartDelayMs ?? 1000)
  }

  #report(level: boolean): void {
    if (level === this.#level) return
    this.#level = level
    this.#onChange?.(level)
  }

  #flags(): string[] {
    const { activeLow, bias } = this.#options
    return [...(activeLow ? ['--active-low'] : []), ...(bias ? [`--bias=${bias}`] : [])]
  }
}

function checkOptions(options: GpioInputOptions): void {
  if (!isUsableChipName(options.chip)) {
    throw new InputError('INPUT_CONFIG_INVALID', 'chip must be a GPIO chip name, number or path')
  }
  if (!Number.isInteger(options.line) || options.line < 0) {
    throw new InputError('INPUT_CONFIG_INVALID', 'line must be a line offset from 0 up')
  }
}
