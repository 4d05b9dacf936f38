import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { isDecoderError } from './decoder-error.ts'
import { QrDecoder } from './qr-decoder.ts'
import { readImageAsFfmpegGrey, readImageAsZxingGrey } from './testing/read-image.ts'
import { drawQr, squeezeGreys, wallFrame } from './testing/render-qr.ts'

// The photo set lives in shared/, beside the repository root.
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const PHOTO_ROOT = join(REPO_ROOT, '../shared/testdata/qr-photos')

const PHOTOS = readdirSync(PHOTO_ROOT)
  .filter((set) => set.startsWith('set-'))
  .flatMap((set) =>
    readdirSync(join(PHOTO_ROOT, set))
      .filter((file) => /\.(png|jpg)$/.test(file))
      .map((file) => ({
        name: `${set}/${file}`,
        path: join(PHOTO_ROOT, set, file),
        expected: readFileSync(join(PHOTO_ROOT, set, file.replace(/\.\w+$/, '.txt')), 'utf8'),
      })),
  )

const JWS_LIKE =
  'eyJhbGciOiJFZERTQSIsImtpZCI6ImdhdGUtMjAyNi0wMSJ9.eyJpc3MiOiJncmVlbmdhdGUiLCJzdWIiOiJwXzhm' +
  'M2sycTl2IiwiY29sIjoiZ3JlZW4iLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyNTc4MCwianRpIjoiMDFK' +
  'R1o5In0.Qm9sZF9zaWduYXR1cmVfYnl0ZXNfZm9yX3Rlc3RfMDEyMzQ1Njc4OWFiY2RlZl9zaWduYXR1cmVfXw'

describe('QrDecoder', () => {
  const decoder = new QrDecoder()

  beforeAll(async () => {
    await decoder.load()
  })

  it('finds all 42 photos of the set', () => {
    expect(PHOTOS).toHaveLength(42)
  })

  describe.each(PHOTOS)('photo $name', ({ path, expected }) => {
    it('reads exactly its text from ZXing-style grey', async () => {
      const image = await readImageAsZxingGrey(path)

      expect(decoder.decode(image.pixels, image.width, image.height)).toEqual([expected])
    })

    it('reads exactly its text from the grey ffmpeg makes for the camera path', async () => {
      const image = await readImageAsFfmpegGrey(path)

      expect(decoder.decode(image.pixels, image.width, image.height)).toEqual([expected])
    })
  })

  it.each([
    { width: 640, height: 480, scale: 4, degrees: 0 },
    { width: 640, height: 480, scale: 3.3, degrees: 17 },
    { width: 1280, height: 720, scale: 6.5, degrees: -35 },
    { width: 1280, height: 720, scale: 2.6, degrees: 90 },
  ])('reads a JWS-sized code in a $width x $height frame at $scale px/module, $degrees°', (c) => {
    const frame = wallFrame(c.width, c.height)
    drawQr(frame, c.width, JWS_LIKE, { ...c, centreX: c.width / 2, centreY: c.height / 2 })

    expect(decoder.decode(frame, c.width, c.height)).toEqual([JWS_LIKE])
  })

  it('reads a light-on-dark code from a phone in dark mode', () => {
    const frame = wallFrame(640, 480)
    drawQr(frame, 640, JWS_LIKE, { scale: 4, centreX: 320, centreY: 240, inverted: true })

    expect(decoder.decode(frame, 640, 480)).toEqual([JWS_LIKE])
  })

  it('ignores a light-on-dark code when told not to try inverting', async () => {
    const plain = new QrDecoder({ tryInvert: false })
    await plain.load()
    const frame = wallFrame(640, 480)
    drawQr(frame, 640, JWS_LIKE, { scale: 4, centreX: 320, centreY: 240, inverted: true })

    expect(plain.decode(frame, 640, 480)).toEqual([])
  })

  describe('a dim screen: 14 grey levels between dark and light modules', () => {
    const dimCode = () => {
      const frame = wallFrame(640, 480)
      drawQr(frame, 640, JWS_LIKE, { scale: 4, centreX: 320, centreY: 240, degrees: 8 })
      squeezeGreys(frame, 14)
      return frame
    }

    it('reads the code by stretching the few greys of the frame over the full range', () => {
      expect(decoder.decode(dimCode(), 640, 480)).toEqual([JWS_LIKE])
    })

    it('misses the code when told not to stretch: the binarizers see no contrast', async () => {
      const plain = new QrDecoder({ stretchContrast: false })
      await plain.load()

      expect(plain.decode(dimCode(), 640, 480)).toEqual([])
    })

    it('answers nothing for a dim frame without a code', () => {
      const frame = wallFrame(640, 480, 7)
      squeezeGreys(frame, 14)

      expect(decoder.decode(frame, 640, 480)).toEqual([])
    })

    it('answers nothing for a flat frame, as from a covered lens', () => {
      expect(decoder.decode(new Uint8Array(640 * 480).fill(3), 640, 480)).toEqual([])
    })
  })

  it('answers nothing for a frame without a code', () => {
    expect(decoder.decode(wallFrame(1280, 720), 1280, 720)).toEqual([])
  })

  it('reads two codes in one frame only when allowed more than one symbol', async () => {
    const both = new QrDecoder({ maxSymbols: 2 })
    await both.load()
    const frame = wallFrame(1280, 720)
    drawQr(frame, 1280, 'first person', { scale: 8, centreX: 320, centreY: 360 })
    drawQr(frame, 1280, 'second person', { scale: 8, centreX: 960, centreY: 360 })

    expect(both.decode(frame, 1280, 720).sort()).toEqual(['first person', 'second person'])
    expect(decoder.decode(frame, 1280, 720)).toHaveLength(1)
  })

  it('keeps reading after frames of different sizes', () => {
    const small = wallFrame(320, 240)
    drawQr(small, 320, 'small', { scale: 4, centreX: 160, centreY: 120 })
    const large = wallFrame(1280, 720)
    drawQr(large, 1280, 'large', { scale: 5, centreX: 640, centreY: 360 })

    expect(decoder.decode(small, 320, 240)).toEqual(['small'])
    expect(decoder.decode(large, 1280, 720)).toEqual(['large'])
    expect(decoder.decode(small, 320, 240)).toEqual(['small'])
  })

  it('refuses a frame whose length does not match its size', () => {
    expect(() => decoder.decode(new Uint8Array(100), 640, 480)).toThrow(
      expect.objectContaining({ code: 'FRAME_SIZE_INVALID' }),
    )
    expect(() => decoder.decode(new Uint8Array(0), 0, 0)).toThrow(
      expect.objectContaining({ code: 'FRAME_SIZE_INVALID' }),
    )
  })

  it('refuses to decode before load', () => {
    const fresh = new QrDecoder()

    expect(() => fresh.decode(new Uint8Array(4), 2, 2)).toThrow(
      expect.objectContaining({ code: 'DECODER_NOT_LOADED' }),
    )
  })

  it('refuses an empty list of binarizers', () => {
    expect(() => new QrDecoder({ binarizers: [] })).toThrow(
      expect.objectContaining({ code: 'DECODER_OPTIONS_INVALID' }),
    )
  })

  it('names the bad option when built with an impossible symbol count', () => {
    let caught: unknown
    try {
      new QrDecoder({ maxSymbols: 0 })
    } catch (err) {
      caught = err
    }

    expect(isDecoderError(caught, 'DECODER_OPTIONS_INVALID')).toBe(true)
    expect((caught as Error).message).toContain('maxSymbols')
  })
})
