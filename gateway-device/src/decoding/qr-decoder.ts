// Reads QR codes in grey camera frames with ZXing, straight from luminance bytes.
import type { ZXingReaderModule, ZXingReaderOptions } from 'zxing-wasm/reader'
import { isStretchWorthy, measureGreySpan, stretchGreys } from './contrast-stretch.ts'
import { DecoderError } from './decoder-error.ts'
import type { FrameDecoder } from './frame-decoder.ts'
import { toZxingReaderPasses, type QrDecoderOptions } from './reader-options.ts'
import { loadZxingReader } from './zxing-reader.ts'

/**
 * One decoder per camera. The frame is copied once into a WebAssembly buffer that is kept and
 * reused, and ZXing reads it there as it is: no RGBA expansion, no image encoding.
 *
 * @example
 * const decoder = new QrDecoder({ tryInvert: false })
 * await decoder.load()
 * const texts = decoder.decode(greyPixels, 640, 480)
 */
export class QrDecoder implements FrameDecoder {
  readonly #passes: ZXingReaderOptions[]
  /** The pass for a dim frame once stretched; undefined when told not to stretch. */
  readonly #stretchedPass: ZXingReaderOptions | undefined
  #reader: ZXingReaderModule | undefined
  #buffer = 0
  #capacity = 0

  constructor(options: QrDecoderOptions = {}) {
    this.#passes = toZxingReaderPasses(options)
    const [firstPass] = this.#passes
    // Neither inverting nor downscaling is needed for a dim code at a gate's distance, and each
    // would search a dim empty scene again, which then pays for the stretch on every frame.
    this.#stretchedPass =
      options.stretchContrast === false || firstPass === undefined
        ? undefined
        : { ...firstPass, tryInvert: false, tryDownscale: false }
  }

  async load(): Promise<void> {
    this.#reader ??= await loadZxingReader()
  }

  decode(frame: Uint8Array, width: number, height: number): string[] {
    const reader = this.#reader
    if (reader === undefined) {
      throw new DecoderError('DECODER_NOT_LOADED', 'load() must finish before decode()')
    }
    checkFrameSize(frame, width, height)

    const pointer = this.#reserve(reader, frame.length)
    reader.HEAPU8.set(frame, pointer)

    for (const options of this.#passes) {
      const texts = readPass(reader, pointer, width, height, options)
      if (texts.length > 0) return texts
    }
    return this.#readStretched(reader, pointer, frame, width, height)
  }

  /** Gives the WebAssembly buffer back; the next `decode` takes a new one. */
  release(): void {
    if (this.#reader !== undefined && this.#buffer !== 0) this.#reader._free(this.#buffer)
    this.#buffer = 0
    this.#capacity = 0
  }

  /**
   * The last resort for a dim code, tried only on a frame whose greys are few. The buffer is
   * overwritten, which is safe: every pass has read it already. One pass is enough: on a
   * stretched frame both binarizers read the same codes.
   */
  #readStretched(
    reader: ZXingReaderModule,
    pointer: number,
    frame: Uint8Array,
    width: number,
    height: number,
  ): string[] {
    if (this.#stretchedPass === undefined) return []
    const span = measureGreySpan(frame)
    if (!isStretchWorthy(frame, span)) return []

    stretchGreys(frame, span, reader.HEAPU8.subarray(pointer, pointer + frame.length))
    return readPass(reader, pointer, width, height, this.#stretchedPass)
  }

  #reserve(reader: ZXingReaderModule, size: number): number {
    if (size <= this.#capacity) return this.#buffer

    this.release()
    const pointer = reader._malloc(size)
    if (pointer === 0) {
      throw new DecoderError('FRAME_SIZE_INVALID', `no memory for a ${size}-byte frame`)
    }
    this.#buffer = pointer
    this.#capacity = size
    return pointer
  }
}

function readPass(
  reader: ZXingReaderModule,
  pointer: number,
  width: number,
  height: number,
  options: ZXingReaderOptions,
): string[] {
  const results = reader.readBarcodesFromPixmap(pointer, width, height, options)
  const texts: string[] = []
  try {
    for (let i = 0; i < results.size(); i++) {
      const result = results.get(i)
      if (result?.isValid === true) texts.push(result.text)
    }
  } finally {
    results.delete()
  }
  return texts
}

function checkFrameSize(frame: Uint8Array, width: number, height: number): void {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new DecoderError('FRAME_SIZE_INVALID', `frame size ${width}x${height} is not positive`)
  }
  if (frame.length !== width * height) {
    throw new DecoderError(
      'FRAME_SIZE_INVALID',
      `a ${width}x${height} grey frame holds ${width * height} bytes, got ${frame.length}`,
    )
  }
}
