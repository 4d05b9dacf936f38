// Keeps one ffmpeg process running for a camera: restarts it with backoff, kills it if stalled.
import type { Logger } from 'pino'
import { CameraError } from './camera-error.ts'
import type { CameraProcess, SpawnCamera } from './camera-process.ts'

export interface CameraRunnerOptions {
  command: string
  args: readonly string[]
  spawn: SpawnCamera
  logger: Logger
  restartDelayMs: number
  maxRestartDelayMs: number
  stallTimeoutMs: number
  stopTimeoutMs: number
  /** Gets every chunk of the process's stdout, in order. */
  onData: (chunk: Buffer) => void
  /** Called when a process has ended, before any restart: drop what was half read. */
  onEnded: () => void
}

interface Run {
  process: CameraProcess
  closed: Promise<void>
  frames: number
  stderr: string
}

interface Ending {
  code: number | null
  signal: string | null
  err?: Error | undefined
}

const STDERR_TAIL_CHARS = 2000

export class CameraRunner {
  readonly #options: CameraRunnerOptions
  #run: Run | undefined
  #active = false
  #restartTimer: NodeJS.Timeout | undefined
  #stallTimer: NodeJS.Timeout | undefined
  #deathsWithoutFrames = 0
  #starts = 0
  #exits = 0

  constructor(options: CameraRunnerOptions) {
    this.#options = options
  }

  get pid(): number | undefined {
    return this.#run?.process.pid
  }

  get running(): boolean {
    return this.#run !== undefined
  }

  /** Processes started and ended so far. */
  get starts(): number {
    return this.#starts
  }

  get exits(): number {
    return this.#exits
  }

  /** Starts the first process; rejects with `CAMERA_SPAWN_FAILED` when it cannot be run. */
  async start(): Promise<void> {
    this.#active = true
    this.#deathsWithoutFrames = 0
    try {
      await this.#launch()
    } catch (err) {
      this.#active = false
      clearTimeout(this.#restartTimer)
      throw err
    }
  }

  /** Ends the process (SIGTERM, then SIGKILL after `stopTimeoutMs`) and restarts no more. */
  async stop(): Promise<void> {
    this.#active = false
    clearTimeout(this.#restartTimer)
    clearTimeout(this.#stallTimer)

    const run = this.#run
    if (run === undefined) return
    const kill = setTimeout(() => run.process.kill('SIGKILL'), this.#options.stopTimeoutMs)
    run.process.kill('SIGTERM')
    await run.closed.finally(() => clearTimeout(kill))
  }

  /** The consumer cut a whole frame from the output: the camera is alive. */
  noteFrame(): void {
    const run = this.#run
    if (run === undefined) return
    run.frames += 1
    this.#watchForStall(run)
  }

  #launch(): Promise<void> {
    const { command, args, spawn } = this.#options
    const process = spawn(command, args)
    const run: Run = { process, closed: Promise.resolve(), frames: 0, stderr: '' }
    this.#run = run
    this.#starts += 1

    process.stdout.on('data', (chunk: Buffer) => {
      if (this.#run === run) this.#options.onData(chunk)
    })
    process.stderr.setEncoding('utf8')
    process.stderr.on('data', (text: string) => {
      run.stderr = (run.stderr + text).slice(-STDERR_TAIL_CHARS)
    })
    // A process that cannot be spawned reports 'error' and then 'close': end the run once.
    run.closed = new Promise((resolve) => {
      let ended = false
      const end = (ending: Ending): void => {
        if (ended) return
        ended = true
        this.#ended(run, ending)
        resolve()
      }
      process.once('close', (code, signal) => end({ code, signal }))
      process.once('error', (err) => end({ code: null, signal: null, err }))
    })
    this.#watchForStall(run)

    return new Promise((resolve, reject) => {
      process.once('spawn', resolve)
      process.once('error', (err) => {
        reject(new CameraError('CAMERA_SPAWN_FAILED', `could not run ${command}`, { cause: err }))
      })
    })
  }

  #ended(run: Run, ending: Ending): void {
    if (this.#run !== run) return
    this.#run = undefined
    this.#exits += 1
    clearTimeout(this.#stallTimer)
    this.#options.onEnded()
    if (!this.#active) return

    const { restartDelayMs, maxRestartDelayMs } = this.#options
    this.#deathsWithoutFrames = run.frames > 0 ? 0 : this.#deathsWithoutFrames + 1
    const doublings = Math.max(0, this.#deathsWithoutFrames - 1)
    const delay = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** doublings)
    const stderr = run.stderr.trim()
    this.#options.logger.warn(
      { ...ending, frames: run.frames, restartInMs: delay, ...(stderr === '' ? {} : { stderr }) },
      'camera process ended',
    )
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined
      // A failed spawn also ends its run, which logs it and schedules the next try.
      this.#launch().catch(() => undefined)
    }, delay)
  }

  #watchForStall(run: Run): void {
    const { stallTimeoutMs, logger } = this.#options
    clearTimeout(this.#stallTimer)
    this.#stallTimer = setTimeout(() => {
      if (this.#run !== run) return
      logger.warn({ stallTimeoutMs }, 'camera stalled')
      run.process.kill('SIGKILL')
    }, stallTimeoutMs)
  }
}
