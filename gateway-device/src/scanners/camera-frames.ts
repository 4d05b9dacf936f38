// Cuts ffmpeg's raw grey byte stream into whole frames, whatever the pipe's chunk boundaries.

/** One whole grey frame and when its last byte arrived (`performance.now()` ms). */
export interface Frame {
  pixels: Uint8Array
  receivedAt: number
}

/** Spare frame buffers kept for reuse: one being filled, one waiting, one being decoded. */
const SPARES = 2

export class FrameAssembler {
  readonly #frameSize: number
  readonly #onFrame: (frame: Frame) => void
  readonly #spares: Uint8Array[] = []
  #filling: Uint8Array | undefined
  #filled = 0

  constructor(frameSize: number, onFrame: (frame: Frame) => void) {
    this.#frameSize = frameSize
    this.#onFrame = onFrame
  }

  /** Takes the next chunk of the stream; calls `onFrame` for every frame it completes. */
  push(chunk: Uint8Array): void {
    const receivedAt = performance.now()
    let offset = 0
    while (offset < chunk.length) {
      const target = (this.#filling ??= this.#spares.pop() ?? new Uint8Array(this.#frameSize))
      const count = Math.min(this.#frameSize - this.#filled, chunk.length - offset)
      target.set(chunk.subarray(offset, offset + count), this.#filled)
      this.#filled += count
      offset += count

      if (this.#filled === this.#frameSize) {
        this.#filling = undefined
        this.#filled = 0
        this.#onFrame({ pixels: target, receivedAt })
      }
    }
  }

  /** Hands back a frame's buffer once nobody reads it any more. */
  recycle(pixels: Uint8Array): void {
    if (pixels.length === this.#frameSize && this.#spares.length < SPARES) this.#spares.push(pixels)
  }

  /** Forgets a partial frame, when the stream it came from has ended. */
  reset(): void {
    this.#filled = 0
  }
}
