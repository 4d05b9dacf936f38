// The camera source's settings: what callers may pass, the defaults, and the checks on them.
import type { Logger } from 'pino'
import type { FrameDecoder } from '../decoding/frame-decoder.ts'
import { CameraError } from './camera-error.ts'
import type { SpawnCamera } from './camera-process.ts'

export interface CameraSourceOptions {
  lane: number
  logger: Logger
  /** Default `camera:<lane>`. */
  name?: string
  /**
   * ffmpeg's input arguments, ending with `-i <input>`. Default `v4l2Input()`, the first V4L2
   * camera at 640x480 and 15 frames a second. Tests pass a video file, e.g. `['-re', '-i', path]`.
   */
  input?: readonly string[]
  /** Size of the grey frames ffmpeg hands over; it scales the input to it. Default 640x480. */
  width?: number
  height?: number
  /** Default `ffmpeg`, found on the PATH. */
  ffmpegPath?: string
  /** Default a `QrDecoder` with its default options. */
  decoder?: FrameDecoder
  /** Decoded frames a code must be missing from before it scans again. Default 10. */
  absentFrames?: number
  /** A code held in view scans again after this many ms; `Infinity` never. Default 3000. */
  holdOffMs?: number
  /**
   * A code whose text is longer than this many UTF-8 bytes is reported as a `too_long` scan with
   * empty text, as the line-based scanners do. Default 4096.
   */
  maxTextBytes?: number
  /** First wait before restarting a dead ffmpeg, doubled after each quick death. Default 250. */
  restartDelayMs?: number
  /** Longest wait between restarts. Default 10000. */
  maxRestartDelayMs?: number
  /** ffmpeg is killed and restarted after this long without a frame. Default 5000. */
  stallTimeoutMs?: number
  /** How long `stop()` waits for ffmpeg to end on SIGTERM before SIGKILL. Default 2000. */
  stopTimeoutMs?: number
  /** Starts the ffmpeg process; tests pass a fake. */
  spawn?: SpawnCamera
}

export interface V4l2InputOptions {
  device?: string
  framerate?: number
  /** `WIDTHxHEIGHT` the camera is asked for. */
  videoSize?: string
  /** e.g. `mjpeg` or `yuyv422`; the driver's default when left out. */
  inputFormat?: string
}

/** ffmpeg input arguments for a V4L2 camera. */
export function v4l2Input(options: V4l2InputOptions = {}): string[] {
  const format = options.inputFormat === undefined ? [] : ['-input_format', options.inputFormat]
  return [
    '-f',
    'v4l2',
    ...format,
    '-framerate',
    String(options.framerate ?? 15),
    '-video_size',
    options.videoSize ?? '640x480',
    '-i',
    options.device ?? '/dev/video0',
  ]
}

/** Checks every number once, naming the bad field, so a misconfigured gate fails at start-up. */
export function checkCameraOptions(options: CameraSourceOptions): void {
  checkInteger('lane', options.lane, 0, Number.MAX_SAFE_INTEGER)
  checkInteger('width', options.width, 1, 8192)
  checkInteger('height', options.height, 1, 8192)
  checkInteger('absentFrames', options.absentFrames, 1, 1_000_000)
  checkInteger('maxTextBytes', options.maxTextBytes, 1, 1_000_000)
  checkDuration('holdOffMs', options.holdOffMs, true)
  checkDuration('restartDelayMs', options.restartDelayMs, false)
  checkDuration('maxRestartDelayMs', options.maxRestartDelayMs, false)
  checkDuration('stallTimeoutMs', options.stallTimeoutMs, false)
  checkDuration('stopTimeoutMs', options.stopTimeoutMs, false)

  const input = options.input
  if (input !== undefined && (input.length < 2 || input.at(-2) !== '-i')) {
    throw invalid('input must end with -i and the input to read')
  }
}

/** The full ffmpeg command line: the input, then raw grey frames of the chosen size on stdout. */
export function ffmpegArguments(input: readonly string[], width: number, height: number): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    ...input,
    '-an',
    '-sn',
    '-s',
    `${width}x${height}`,
    '-pix_fmt',
    'gray',
    // One output frame per input frame, each written out whole at once: no duplicated frames
    // and no frame tail left waiting in ffmpeg's output buffer.
    '-fps_mode',
    'passthrough',
    '-flush_packets',
    '1',
    '-f',
    'rawvideo',
    'pipe:1',
  ]
}

function checkInteger(field: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${field} must be an integer from ${min} to ${max}`)
  }
}

function checkDuration(field: string, value: number | undefined, infinite: boolean): void {
  if (value === undefined) return
  const finite = Number.isFinite(value) && value >= 0 && value <= 2_147_483_647
  if (!finite && !(infinite && value === Infinity)) {
    throw invalid(`${field} must be a number of milliseconds${infinite ? ' or Infinity' : ''}`)
  }
}

function invalid(message: string): CameraError {
  return new CameraError('CAMERA_OPTIONS_INVALID', message)
}
