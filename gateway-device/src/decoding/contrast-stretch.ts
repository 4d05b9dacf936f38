// Spreads the few greys of a dim frame over the full range, so ZXing's binarizers see contrast.

/** The frame's darkest and lightest greys, ignoring the 1% at either end (specks, glints). */
export interface GreySpan {
  low: number
  high: number
}

/**
 * ZXing's binarizers treat a block whose greys span fewer than about 24 levels as flat, so a
 * code at 14 levels reads as an empty wall. Frames spanning 48 levels or more are left alone:
 * a code squeezed to 60 levels (a frame span of 49) reads without help, and ordinary scenes,
 * with a code or without, span 180 and more, so they never pay for the stretched pass.
 */
const NARROW_SPAN = 48

/** Below this the frame is one flat grey: a covered lens, or a black room. */
const FLAT_SPAN = 4

/**
 * When neighbouring pixels differ on average by this share of the span or more, the span is the
 * sensor's own noise (a dark scene): stretching it would only hand ZXing a field of speckles to
 * search. Measured: noise alone 0.34-0.38; dim codes and dim scenes 0.04-0.14, with noise added.
 */
const NOISE_STEP = 0.25

/** Pixels sampled for the percentiles: ample for 1% steps, ~20 µs on a frame without a code. */
const SAMPLES = 16_384

/** The 1st and 99th percentile greys of `frame`, from an even sample of its pixels. */
export function measureGreySpan(frame: Uint8Array): GreySpan {
  const stride = sampleStride(frame)
  const histogram = new Uint32Array(256)
  let count = 0
  for (let i = 0; i < frame.length; i += stride) {
    const grey = frame[i] ?? 0
    histogram[grey] = (histogram[grey] ?? 0) + 1
    count++
  }

  const tail = Math.floor(count / 100)
  return { low: greyAtRank(histogram, tail), high: greyAtRank(histogram, count - 1 - tail) }
}

/** Whether stretching `frame`, of this span, could show a code ZXing would otherwise miss. */
export function isStretchWorthy(frame: Uint8Array, span: GreySpan): boolean {
  const width = span.high - span.low
  if (width < FLAT_SPAN || width >= NARROW_SPAN) return false

  return meanNeighbourStep(frame) < NOISE_STEP * width
}

/**
 * Writes `frame` into `target` (same length) with `span.low` and below as black, `span.high` and
 * above as white, and the greys between spread evenly.
 */
export function stretchGreys(frame: Uint8Array, span: GreySpan, target: Uint8Array): void {
  const table = new Uint8Array(256)
  const width = Math.max(1, span.high - span.low)
  for (let grey = 0; grey < 256; grey++) {
    const scaled = Math.round(((grey - span.low) * 255) / width)
    table[grey] = scaled < 0 ? 0 : scaled > 255 ? 255 : scaled
  }

  for (let i = 0; i < frame.length; i++) target[i] = table[frame[i] ?? 0] ?? 0
}

/** How much a pixel differs from the one to its right, on average over a sample. */
function meanNeighbourStep(frame: Uint8Array): number {
  const stride = sampleStride(frame)
  let sum = 0
  let count = 0
  for (let i = 0; i + 1 < frame.length; i += stride) {
    sum += Math.abs((frame[i] ?? 0) - (frame[i + 1] ?? 0))
    count++
  }
  return count === 0 ? 0 : sum / count
}

/** The grey of the sample at `rank` (0-based) in sorted order. */
function greyAtRank(histogram: Uint32Array, rank: number): number {
  let seen = 0
  for (let grey = 0; grey < 256; grey++) {
    seen += histogram[grey] ?? 0
    if (seen > rank) return grey
  }
  return 255
}

/** About SAMPLES pixels spread over the frame; an odd stride walks across the columns. */
function sampleStride(frame: Uint8Array): number {
  return 2 * Math.floor(frame.length / (2 * SAMPLES)) + 1
}
