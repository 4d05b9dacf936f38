// Stands in for libgpiod's tools behind an injected spawn: a chip with lines, in memory.
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import type { GpioProcess, SpawnGpioTool } from '../../src/relays/gpio-tool.ts'

/** One spawned fake tool: its command line, and controls to make it speak or die. */
export class FakeGpioProcess extends EventEmitter implements GpioProcess {
  readonly stdout = new PassThrough()
  readonly stderr = new PassThrough()
  exitCode: number | null = null
  signals: NodeJS.Signals[] = []

  constructor(
    readonly command: string,
    readonly args: readonly string[],
  ) {
    super()
  }

  get running(): boolean {
    return this.exitCode === null
  }

  /** Like a real process, it takes a moment to die: the line stays requested until then. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal)
    if (this.running) setTimeout(() => this.exit(null, signal), 3)
    return true
  }

  /** Line offsets named on the command line (`17=1` for gpioset, `17` for the others). */
  get lines(): number[] {
    const operands = this.args.filter((arg) => !arg.startsWith('-')).slice(1)
    return operands.map((operand) => Number(operand.split('=')[0]))
  }

  /** Ends the process as the real tool would, after printing `stderr`. */
  exit(code: number | null, signal: NodeJS.Signals | null = null, stderr = ''): void {
    if (!this.running) return
    if (stderr) this.stderr.write(stderr)
    this.exitCode = code ?? 128
    setImmediate(() => this.emit('exit', code, signal))
  }
}

export interface FakeChip {
  name: string
  lines: number
}

/**
 * Tools behave like v1.6 against `chip`: gpioinfo prints the header, gpioset in signal mode
 * stays up, in exit mode exits 0; gpioget prints `levels`; gpiomon stays up until killed.
 * A line requested by a running tool is busy for every other, as the kernel has it. With
 * `chip` undefined every tool fails the way it does on a machine without GPIO.
 */
export class FakeGpioTools {
  readonly spawned: FakeGpioProcess[] = []
  readonly levels = new Map<number, 0 | 1>()

  constructor(readonly chip: FakeChip | undefined) {}

  readonly spawn: SpawnGpioTool = (command, args) => {
    const child = new FakeGpioProcess(command, args)
    this.spawned.push(child)
    setImmediate(() => this.#behave(child))
    return child
  }

  /**
   * The value the tools currently drive on `line`: that of a running `gpioset --mode=signal`,
   * or of a finished `--mode=exit` run; undefined while nothing drives it.
   */
  lineValue(line: number): 0 | 1 | undefined {
    for (const child of [...this.spawned].reverse()) {
      if (child.command !== 'gpioset') continue
      const setting = child.args.find((arg) => arg.startsWith(`${line}=`))
      if (!setting) continue
      const driving = child.running || (child.args.includes('--mode=exit') && child.exitCode === 0)
      if (!driving) return undefined
      return setting.endsWith('=1') ? 1 : 0
    }
    return undefined
  }

  /** Changes the level of an input line: gpioget reads it, every gpiomon on it reports it. */
  drive(line: number, level: 0 | 1): void {
    this.levels.set(line, level)
    for (const monitor of this.running('gpiomon')) {
      if (monitor.lines.includes(line)) monitor.stdout.write(`${level}\n`)
    }
  }

  /** Processes of `command` that are still running. */
  running(command: string): FakeGpioProcess[] {
    return this.spawned.filter((child) => child.command === command && child.running)
  }

  #behave(child: FakeGpioProcess): void {
    const chipArg = child.args.find((arg) => !arg.startsWith('-'))
    if (!this.chip || chipArg !== this.chip.name) {
      child.exit(1, null, `${child.command}: error: No such file or directory\n`)
      return
    }
    const holder = this.spawned.find(
      (other) =>
        other !== child &&
        other.running &&
        other.command !== 'gpioinfo' &&
        other.lines.some((line) => child.lines.includes(line)),
    )
    if (holder) {
      child.exit(1, null, `${child.command}: error: Device or resource busy\n`)
      return
    }
    if (child.command === 'gpioinfo') {
      child.stdout.write(`${this.chip.name} - ${this.chip.lines} lines:\n`)
      child.exit(0)
    } else if (child.command === 'gpioget') {
      const offset = Number(child.args[child.args.length - 1])
      child.stdout.write(`${this.levels.get(offset) ?? 0}\n`)
      child.exit(0)
    } else if (child.command === 'gpioset' && child.args.includes('--mode=exit')) {
      child.exit(0)
    }
  }
}
