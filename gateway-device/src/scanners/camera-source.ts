// Reads QR codes from a camera through ffmpeg and hands over each presented code once.
import type { Logger } from 'pino'
import type { FrameDecoder } from '../decoding/frame-decoder.ts'
import { QrDecoder } from '../decoding/qr-decoder.ts'
import { ScanDeduper } from './camera-dedupe.ts'
import { CameraError } from './camera-error.ts'
import { type Frame, FrameAssembler } from './camera-frames.ts'
import {
  type CameraSourceOptions,
  checkCameraOptions,
  ffmpegArguments,
  v4l2Input,
} from './camera-options.ts'
import { spawnCamera } from './camera-process.ts'
import { CameraRunner } from './camera-runner.ts'
import type { Scan, ScanSource } from './scan-source.ts'

/** Counters for health reports; they keep counting across ffmpeg restarts. */
export interface CameraStats {
  /** Whether an ffmpeg process is alive now, and its id. */
  running: boolean
  pid: number | undefined
  starts: number
  exits: number
  /** Whole frames received, frames decoded, and frames skipped for a newer one. */
  frames: number
  decoded: number
  dropped: number
  decodeErrors: number
  scans: number
}

type Counters = Pick<CameraStats, 'frames' | 'decoded' | 'dropped' | 'decodeErrors' | 'scans'>

/**
 * A camera as a scan source. ffmpeg turns whatever the camera gives into raw grey frames of a
 * fixed size; each frame is decoded as it arrives, and frames that arrive while one is being
 * decoded are dropped but for the newest: latency matters more than throughput at a gate.
 * A dead or stalled ffmpeg is restarted (see `CameraRunner`).
 *
 * @example
 * const camera = new CameraSource({ lane: 1, logger, input: v4l2Input({ device: '/dev/video2' }) })
 * await camera.start((scan) => lane.present(scan))
 */
export class CameraSource implements ScanSource {
  readonly name: string
  readonly #lane: number
  readonly #logger: Logger
  readonly #decoder: FrameDecoder
  readonly #width: number
  readonly #height: number
  readonly #maxTextBytes: number
  readonly #deduper: ScanDeduper
  readonly #frames: FrameAssembler
  readonly #runner: CameraRunner
  readonly #counters: Counters = {
    frames: 0,
    decoded: 0,
    dropped: 0,
    decodeErrors: 0,
    scans: 0,
  }

  #onScan: ((scan: Scan) => void) | undefined
  #pending: Frame | undefined
  #draining = false
  #decodeFailing = false

  constructor(options: CameraSourceOptions) {
    checkCameraOptions(options)
    this.name = options.name ?? `camera:${options.lane}`
    this.#lane = options.lane
    this.#logger = options.logger
    this.#decoder = options.decoder ?? new QrDecoder()
    this.#width = options.width ?? 640
    this.#height = options.height ?? 480
    this.#maxTextBytes = options.maxTextBytes ?? 4096
    this.#deduper = new ScanDeduper({
      absentFrames: options.absentFrames ?? 10,
      holdOffMs: options.holdOffMs ?? 3000,
    })
    this.#frames = new FrameAssembler(this.#width * this.#height, (frame) => this.#take(frame))
    this.#runner = new CameraRunner({
      command: options.ffmpegPath ?? 'ffmpeg',
      args: ffmpegArguments(options.input ?? v4l2Input(), this.#width, this.#height),
      spawn: options.spawn ?? spawnCamera,
      logger: this.#logger,
      restartDelayMs: options.restartDelayMs ?? 250,
      maxRestartDelayMs: options.maxRestartDelayMs ?? 10_000,
      stallTimeoutMs: options.stallTimeoutMs ?? 5000,
      stopTimeoutMs: options.stopTimeoutMs ?? 2000,
      onData: (chunk) => this.#frames.push(chunk),
      onEnded: () => this.#frames.reset(),
    })
  }

  get stats(): CameraStats {
    const { starts, exits, running, pid } = this.#runner
    return { ...this.#counters, starts, exits, running, pid }
  }

  /** Loads the decoder and starts ffmpeg; rejects when ffmpeg cannot be run at all. */
  async start(onScan: (scan: Scan) => void): Promise<void> {
    if (this.#onScan !== undefined) {
      throw new CameraError('CAMERA_ALREADY_STARTED', `${this.name} is already started`)
    }
    this.#onScan = onScan

    try {
      await this.#decoder.load()
      if (this.#onScan !== onScan) return
      await this.#runner.start()
    } catch (err) {
      if (this.#onScan === onScan) this.#onScan = undefined
      throw err
    }
    this.#logger.info({ pid: this.#runner.pid }, 'camera started')
  }

  /** Stops ffmpeg (SIGTERM, then SIGKILL) and forgets the codes seen so far. */
  async stop(): Promise<void> {
    this.#onScan = undefined
    if (this.#pending !== undefined) this.#frames.recycle(this.#pending.pixels)
    this.#pending = undefined

    await this.#runner.stop()
    this.#deduper.clear()
    this.#logger.info('camera stopped')
  }

  #take(frame: Frame): void {
    this.#runner.noteFrame()
    this.#counters.frames += 1

    if (this.#pending !== undefined) {
      this.#counters.dropped += 1
      this.#frames.recycle(this.#pending.pixels)
    }
    this.#pending = frame
    if (!this.#draining) {
      this.#draining = true
      setImmediate(() => this.#drain())
    }
  }

  // Runs after pending I/O: frames that arrived during the last decode have replaced each
  // other by now, so the newest is read and the rest were never copied twice or queued.
  #drain(): void {
    const frame = this.#pending
    this.#pending = undefined
    if (frame === undefined || this.#onScan === undefined) {
      this.#draining = false
      return
    }

    this.#read(frame)
    this.#frames.recycle(frame.pixels)
    setImmediate(() => this.#drain())
  }

  #read(frame: Frame): void {
    let texts: string[]
    try {
      texts = this.#decoder.decode(frame.pixels, this.#width, this.#height)
    } catch (err) {
      this.#counters.decodeErrors += 1
      if (!this.#decodeFailing) this.#logger.error({ err }, 'camera frame decoding failed')
      this.#decodeFailing = true
      return
    }
    if (this.#decodeFailing) this.#logger.info('camera frame decoding recovered')
    this.#decodeFailing = false
    this.#counters.decoded += 1

    for (const text of this.#deduper.accept(texts, frame.receivedAt)) {
      this.#emit(text, frame.receivedAt)
    }
  }

  #emit(text: string, receivedAt: number): void {
    const onScan = this.#onScan
    if (onScan === undefined) return

    const tooLong = Buffer.byteLength(text) > this.#maxTextBytes
    const scan: Scan = {
      lane: this.#lane,
      source: this.name,
      text: tooLong ? '' : text,
      receivedAt,
      ...(tooLong ? { problem: 'too_long' as const } : {}),
    }
    this.#counters.scans += 1
    try {
      onScan(scan)
    } catch (err) {
      this.#logger.error({ err }, 'scan handler failed')
    }
  }
}
