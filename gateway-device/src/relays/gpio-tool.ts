// Runs the libgpiod v1 command-line tools (gpioset, gpioget, gpiomon, gpioinfo) as children.
import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'

/** The part of a child process the GPIO code uses; tests hand in fakes. */
export interface GpioProcess {
  readonly stdout: Readable | null
  readonly stderr: Readable | null
  kill(signal?: NodeJS.Signals): boolean
  once(
    event: 'exit',
    listener: (code: number | null, signal: NodeJS.Signals | null) => void,
  ): unknown
  once(event: 'error', listener: (err: Error) => void): unknown
}

export type SpawnGpioTool = (command: string, args: readonly string[]) => GpioProcess

/** The real thing: the tools from Debian's `gpiod` package, found on PATH. */
export const spawnGpioTool: SpawnGpioTool = (command, args) =>
  spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] })

/** How a tool run ended; `spawnError` is set when it never ran (e.g. not installed). */
export interface GpioExit {
  code: number | null
  signal: NodeJS.Signals | null
  spawnError?: Error
}

export type GpioFailureCode =
  | 'GPIO_CHIP_MISSING'
  | 'GPIO_LINE_BUSY'
  | 'GPIO_PERMISSION_DENIED'
  | 'GPIO_TOOL_MISSING'
  | 'GPIO_TOOL_FAILED'

export interface GpioFailure {
  code: GpioFailureCode
  message: string
}

const MAX_CAPTURE = 4096

/** One running tool: its exit as a promise, its stderr kept for the error message. */
export class GpioChild {
  readonly command: string
  readonly process: GpioProcess
  readonly exited: Promise<GpioExit>
  #stdout = ''
  #stderr = ''
  #exit: GpioExit | undefined

  constructor(spawnTool: SpawnGpioTool, command: string, args: readonly string[]) {
    this.command = command
    this.process = spawnTool(command, args)
    this.process.stdout?.on('data', (chunk: Buffer) => {
      this.#stdout = capture(this.#stdout, chunk)
    })
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = capture(this.#stderr, chunk)
    })
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => resolve((this.#exit ??= { code, signal })))
      this.process.once('error', (spawnError) => {
        resolve((this.#exit ??= { code: null, signal: null, spawnError }))
      })
    })
  }

  get running(): boolean {
    return this.#exit === undefined
  }

  get stdout(): string {
    return this.#stdout
  }

  get stderr(): string {
    return this.#stderr
  }

  /** The exit if the tool ends within `ms`, or undefined while it keeps running. */
  async exitWithin(ms: number): Promise<GpioExit | undefined> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms)
    })
    const exit = await Promise.race([this.exited, timeout])
    clearTimeout(timer)
    return exit
  }

  /** SIGTERM, then SIGKILL if it has not gone after `graceMs`. */
  async terminate(graceMs = 1000): Promise<GpioExit> {
    if (!this.running) return this.exited
    this.process.kill('SIGTERM')
    const exit = await this.exitWithin(graceMs)
    if (exit) return exit
    this.process.kill('SIGKILL')
    return this.exited
  }

  /** Why the tool failed, in words an operator can act on. */
  failure(exit: GpioExit, chip: string): GpioFailure {
    return classifyGpioFailure(this.command, chip, exit, this.#stderr)
  }
}

/** Runs a tool to completion; kills it after `timeoutMs`. */
export async function runGpioTool(
  spawnTool: SpawnGpioTool,
  command: string,
  args: readonly string[],
  timeoutMs = 2000,
): Promise<{ child: GpioChild; exit: GpioExit }> {
  const child = new GpioChild(spawnTool, command, args)
  const exit = (await child.exitWithin(timeoutMs)) ?? (await child.terminate(0))
  return { child, exit }
}

/** Maps a failed run to a stable code, reading libgpiod's strerror() text. */
export function classifyGpioFailure(
  command: string,
  chip: string,
  exit: GpioExit,
  stderr: string,
): GpioFailure {
  if (exit.spawnError) {
    const missing = (exit.spawnError as NodeJS.ErrnoException).code === 'ENOENT'
    return missing
      ? { code: 'GPIO_TOOL_MISSING', message: `${command} not found: install Debian's gpiod` }
      : { code: 'GPIO_TOOL_FAILED', message: `${command} could not start` }
  }
  if (stderr.includes('No such file or directory')) {
    const hint = 'is the GPIO driver loaded? gpiodetect lists the chips'
    return { code: 'GPIO_CHIP_MISSING', message: `GPIO chip ${chip} not found (${hint})` }
  }
  if (stderr.includes('Device or resource busy')) {
    return { code: 'GPIO_LINE_BUSY', message: `a GPIO line on ${chip} is held by another process` }
  }
  if (stderr.includes('Permission denied')) {
    return { code: 'GPIO_PERMISSION_DENIED', message: `no permission to use ${chip}` }
  }
  const firstLine = stderr.split('\n', 1)[0]?.trim().slice(0, 200) ?? ''
  const ending = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`
  return { code: 'GPIO_TOOL_FAILED', message: `${command} failed (${ending}): ${firstLine}` }
}

/**
 * Whether `chip` can go on a tool's command line: a name (`gpiochip0`), number, path or label,
 * never empty, never with spaces, never starting with `-` (it would be read as an option).
 */
export function isUsableChipName(chip: string): boolean {
  return /^[^\s-]\S*$/.test(chip)
}

function capture(sofar: string, chunk: Buffer): string {
  if (sofar.length >= MAX_CAPTURE) return sofar
  return (sofar + chunk.toString('utf8')).slice(0, MAX_CAPTURE)
}
