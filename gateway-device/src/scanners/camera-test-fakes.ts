// Test support: a scripted ffmpeg process and a decoder that reads codes from a frame's first byte.
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import type { FrameDecoder } from '../decoding/frame-decoder.ts'
import type { CameraProcess, SpawnCamera } from './camera-process.ts'

export class FakeCameraProcess extends EventEmitter implements CameraProcess {
  readonly stdout = new PassThrough()
  readonly stderr = new PassThrough()
  readonly pid: number
  readonly signals: NodeJS.Signals[] = []
  readonly args: readonly string[]
  /** Whether SIGTERM ends it; SIGKILL always does. */
  honoursSigterm = true
  #closed = false

  constructor(pid: number, args: readonly string[]) {
    super()
    this.pid = pid
    this.args = args
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal)
    if (signal === 'SIGKILL' || this.honoursSigterm) this.exit(null, signal)
    return true
  }

  /** Writes bytes to stdout; frames may be split or joined anyhow. */
  write(bytes: Uint8Array): void {
    this.stdout.write(bytes)
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.#closed) return
    this.#closed = true
    this.stdout.end()
    this.stderr.end()
    // Like a real child, 'close' follows the last of stdout.
    this.stdout.once('end', () => this.emit('close', code, signal))
    this.stdout.resume()
  }

  fail(err: Error): void {
    this.#closed = true
    this.emit('error', err)
    this.emit('close', -2, null)
  }
}

/** A spawn function that hands out fake processes and remembers them. */
export function fakeSpawner(options: { failWith?: Error } = {}) {
  const processes: FakeCameraProcess[] = []
  const spawn: SpawnCamera = (_command, args) => {
    const child = new FakeCameraProcess(1000 + processes.length, args)
    processes.push(child)
    setImmediate(() => {
      if (options.failWith === undefined) child.emit('spawn')
      else child.fail(options.failWith)
    })
    return child
  }
  return { spawn, processes, latest: () => processes.at(-1) }
}

/**
 * A decoder for frames whose first byte names what they show: `codes[firstByte]`. The byte 255
 * makes it throw.
 */
export class FakeDecoder implements FrameDecoder {
  readonly decodedFirstBytes: number[] = []
  readonly #codes: Record<number, string[]>

  constructor(codes: Record<number, string[]>) {
    this.#codes = codes
  }

  async load(): Promise<void> {}

  decode(frame: Uint8Array): string[] {
    const first = frame[0] ?? 0
    this.decodedFirstBytes.push(first)
    if (first === 255) throw new Error('decoder broke')
    return [...(this.#codes[first] ?? [])]
  }
}

/** A frame of `size` bytes whose first byte is `first`. */
export function fakeFrame(first: number, size: number): Uint8Array {
  const frame = new Uint8Array(size).fill(7)
  frame[0] = first
  return frame
}
