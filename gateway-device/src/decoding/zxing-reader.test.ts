import { afterEach, describe, expect, it, vi } from 'vitest'
import { QrDecoder } from './qr-decoder.ts'
import { SELF_CHECK_TEXT } from './self-check.ts'
import { drawQr, wallFrame } from './testing/render-qr.ts'
import { loadZxingReader } from './zxing-reader.ts'

describe('loadZxingReader', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  // This file is its own module graph in vitest, so the reader is first loaded here.
  it('loads the reader from the installed package without touching the network', async () => {
    const fetch = vi.fn(() => {
      throw new Error('network access during decoder load')
    })
    vi.stubGlobal('fetch', fetch)

    const decoder = new QrDecoder()
    await decoder.load()
    const frame = wallFrame(320, 240)
    drawQr(frame, 320, SELF_CHECK_TEXT, { scale: 4, centreX: 160, centreY: 120 })

    expect(decoder.decode(frame, 320, 240)).toEqual([SELF_CHECK_TEXT])
    expect(fetch).not.toHaveBeenCalled()
  })

  it('instantiates the WebAssembly module once for every decoder', async () => {
    const first = await loadZxingReader()

    expect(await loadZxingReader()).toBe(first)
  })
})
