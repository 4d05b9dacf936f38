import { describe, expect, it } from 'vitest'
import { isStretchWorthy, measureGreySpan, stretchGreys } from './contrast-stretch.ts'
import { squeezeGreys, wallFrame } from './testing/render-qr.ts'

describe('measureGreySpan', () => {
  it('ignores a few specks darker and lighter than the rest of the frame', () => {
    const frame = new Uint8Array(640 * 480).map((_, i) => 120 + (i % 13))
    for (let i = 0; i < frame.length; i += 500) frame[i] = i % 1000 === 0 ? 0 : 255

    expect(measureGreySpan(frame)).toEqual({ low: 120, high: 132 })
  })

  it('answers the one grey of a flat frame at both ends', () => {
    expect(measureGreySpan(new Uint8Array(320 * 240).fill(77))).toEqual({ low: 77, high: 77 })
  })
})

describe('isStretchWorthy', () => {
  it('leaves an ordinary wall alone', () => {
    const frame = wallFrame(640, 480)

    expect(isStretchWorthy(frame, measureGreySpan(frame))).toBe(false)
  })

  it('takes a frame squeezed into 14 levels', () => {
    const frame = wallFrame(640, 480)
    squeezeGreys(frame, 14)

    expect(isStretchWorthy(frame, measureGreySpan(frame))).toBe(true)
  })

  it('leaves a frame too flat to hold a code', () => {
    const frame = new Uint8Array(640 * 480).map((_, i) => 40 + (i % 4))

    expect(isStretchWorthy(frame, { low: 40, high: 43 })).toBe(false)
  })

  it('leaves a dark frame whose few greys are only the sensor noise', () => {
    const frame = darkNoise(640 * 480)
    const span = measureGreySpan(frame)

    expect(span.high - span.low).toBeGreaterThanOrEqual(4)
    expect(isStretchWorthy(frame, span)).toBe(false)
  })
})

describe('stretchGreys', () => {
  it('maps the span onto black to white and clips beyond it', () => {
    const target = new Uint8Array(5)
    stretchGreys(Uint8Array.of(100, 110, 115, 120, 200), { low: 110, high: 120 }, target)

    expect([...target]).toEqual([0, 0, 128, 255, 255])
  })
})

/** A black room through a camera: grey 24 with seeded noise of up to 3 levels either way. */
function darkNoise(length: number): Uint8Array {
  let state = 7
  return new Uint8Array(length).map(() => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return 21 + (state >>> 29)
  })
}
