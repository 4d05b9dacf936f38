import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type Frame, FrameAssembler } from './camera-frames.ts'

function numbered(count: number, size: number): Uint8Array {
  const bytes = new Uint8Array(count * size)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(i / size) * 10 + (i % size)
  return bytes
}

describe('FrameAssembler', () => {
  let frames: Frame[]
  let assembler: FrameAssembler

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] })
    frames = []
    assembler = new FrameAssembler(4, (frame) =>
      frames.push({ ...frame, pixels: frame.pixels.slice() }),
    )
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  it('cuts whole frames out of chunks that split and join them anyhow', () => {
    const stream = numbered(3, 4)
    for (const [from, to] of [
      [0, 3],
      [3, 4],
      [4, 10],
      [10, 12],
    ] as const) {
      assembler.push(stream.subarray(from, to))
    }

    expect(frames.map((frame) => [...frame.pixels])).toEqual([
      [0, 1, 2, 3],
      [10, 11, 12, 13],
      [20, 21, 22, 23],
    ])
  })

  it('stamps a frame with the time its last byte arrived', () => {
    vi.advanceTimersByTime(100)
    assembler.push(new Uint8Array(3))
    vi.advanceTimersByTime(40)
    assembler.push(new Uint8Array(5))

    expect(frames.map((frame) => frame.receivedAt)).toEqual([140, 140])
  })

  it('drops a half-read frame on reset', () => {
    assembler.push(new Uint8Array([9, 9]))
    assembler.reset()
    assembler.push(new Uint8Array([1, 2, 3, 4]))

    expect(frames.map((frame) => [...frame.pixels])).toEqual([[1, 2, 3, 4]])
  })

  it('fills a recycled buffer instead of allocating a new one', () => {
    const seen: Uint8Array[] = []
    const reusing = new FrameAssembler(2, (frame) => {
      seen.push(frame.pixels)
      reusing.recycle(frame.pixels)
    })
    reusing.push(new Uint8Array([1, 2, 3, 4]))

    expect(seen[1]).toBe(seen[0])
  })
})
