// A start-up check that the installed zxing-wasm still reads raw grey pixels as this code expects.
import type { ZXingReaderModule } from 'zxing-wasm/reader'
import { DecoderError } from './decoder-error.ts'
import { toZxingReaderPasses } from './reader-options.ts'

/** What the check symbol encodes. */
export const SELF_CHECK_TEXT = 'GREENGATE'

// A version 1 QR code (error correction L) holding SELF_CHECK_TEXT, '#' for a dark module.
const SELF_CHECK_SYMBOL = [
  '#######..#.##.#######',
  '#.....#.##.#..#.....#',
  '#.###.#.##..#.#.###.#',
  '#.###.#..#.#..#.###.#',
  '#.###.#.#...#.#.###.#',
  '#.....#.#..##.#.....#',
  '#######.#.#.#.#######',
  '........#####........',
  '##.#..##.##...###.##.',
  '#..#.#..#.....##....#',
  '.######..##.##...###.',
  '#........###...#...#.',
  '#.....###...#.#.#.##.',
  '........##.#...####.#',
  '#######.#....#.#..#.#',
  '#.....#...####...#.#.',
  '#.###.#..###..#.#.#.#',
  '#.###.#.####....##.##',
  '#.###.#..##.#..#....#',
  '#.....#.#....###..#.#',
  '#######.#.###..#.##..',
]

const MODULE_PIXELS = 4
const QUIET_MODULES = 4

/**
 * `readBarcodesFromPixmap` is marked internal in zxing-wasm: version 3 hands it one luminance
 * byte per pixel, which saves expanding every camera frame to RGBA. Should a later release
 * change that, every frame would silently read as empty; this check turns it into a start-up
 * failure instead.
 */
export function checkPixmapReading(reader: ZXingReaderModule): void {
  const side = (SELF_CHECK_SYMBOL.length + 2 * QUIET_MODULES) * MODULE_PIXELS
  const pixels = renderSelfCheckSymbol(side)
  const pointer = reader._malloc(pixels.length)
  if (pointer === 0) throw new DecoderError('DECODER_LOAD_FAILED', 'no memory for the self-check')

  const texts: string[] = []
  try {
    reader.HEAPU8.set(pixels, pointer)
    const [options] = toZxingReaderPasses({ binarizers: ['LocalAverage'] })
    if (options === undefined) throw new DecoderError('DECODER_LOAD_FAILED', 'no reader options')
    const results = reader.readBarcodesFromPixmap(pointer, side, side, options)
    try {
      for (let i = 0; i < results.size(); i++) texts.push(results.get(i)?.text ?? '')
    } finally {
      results.delete()
    }
  } finally {
    reader._free(pointer)
  }

  if (texts.length !== 1 || texts[0] !== SELF_CHECK_TEXT) {
    throw new DecoderError(
      'DECODER_SELF_TEST_FAILED',
      'zxing-wasm did not read its grey self-check image; was the package upgraded?',
    )
  }
}

function renderSelfCheckSymbol(side: number): Uint8Array {
  const pixels = new Uint8Array(side * side).fill(255)
  SELF_CHECK_SYMBOL.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] !== '#') continue
      const top = (y + QUIET_MODULES) * MODULE_PIXELS
      const left = (x + QUIET_MODULES) * MODULE_PIXELS
      for (let dy = 0; dy < MODULE_PIXELS; dy++) {
        pixels.fill(0, (top + dy) * side + left, (top + dy) * side + left + MODULE_PIXELS)
      }
    }
  })
  return pixels
}
