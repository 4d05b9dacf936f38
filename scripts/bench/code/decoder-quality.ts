// Decoder quality: the shared photo set, and a distorted set of phone codes, against zbarimg.
import { readdirSync, readFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { QrDecoder } from '../../../gateway-device/src/decoding/qr-decoder.ts'
import {
  readImageAsFfmpegGrey,
  readImageAsZxingGrey,
} from '../../../gateway-device/src/decoding/testing/read-image.ts'
import { createMinter } from '../gate/fixtures/code-minter.ts'
import type { Bench } from '../harness/bench.ts'
import { round, type Row } from '../harness/row.ts'
import { DISTORTIONS, distortedSet } from './distortions.ts'
import { writePgm, zbarRead } from './zbar.ts'

/** What ZXing-C++'s own test expectations read in the photo set (its README). */
const ZXING_CPP_PHOTOS = 42
const BAR_SHARE = 0.95

export const decoderQualityBench: Bench = {
  id: 'code.decoder',
  async run({ quick, root, scratch, log }) {
    const decoder = new QrDecoder()
    await decoder.load()
    try {
      log('decoder quality: the shared photo set')
      const photos = await photoRow(decoder, join(root, '../shared/testdata/qr-photos'))
      log('decoder quality: the distorted set (zbarimg as the reference)')
      const distorted = await distortedRow(decoder, quick, join(scratch, 'distorted'))
      return [photos, distorted]
    } finally {
      decoder.release()
    }
  },
}

async function photoRow(decoder: QrDecoder, dir: string): Promise<Row> {
  const photos = readdirSync(dir)
    .filter((set) => set.startsWith('set-'))
    .flatMap((set) =>
      readdirSync(join(dir, set))
        .filter((file) => /\.(png|jpg)$/.test(file))
        .map((file) => ({
          path: join(dir, set, file),
          expected: readFileSync(join(dir, set, file.replace(/\.\w+$/, '.txt')), 'utf8'),
        })),
    )
  let read = 0
  let readCamera = 0
  let wrong = 0
  for (const photo of photos) {
    const zxingGrey = await readImageAsZxingGrey(photo.path)
    const cameraGrey = await readImageAsFfmpegGrey(photo.path)
    const a = decoder.decode(zxingGrey.pixels, zxingGrey.width, zxingGrey.height)
    const b = decoder.decode(cameraGrey.pixels, cameraGrey.width, cameraGrey.height)
    if (a.includes(photo.expected)) read++
    if (b.includes(photo.expected)) readCamera++
    wrong += [...a, ...b].filter((text) => text !== photo.expected).length
  }
  const zbar = await zbarRead(photos.map((p) => p.path))
  const zbarReads = photos.filter((p) => zbar.get(p.path)?.includes(p.expected)).length
  return {
    id: 'code.decoder.photos',
    path: `decoder quality: ${photos.length} real photos (shared/testdata)`,
    subject: `${read}/${photos.length} read (${readCamera} from camera grey), ${wrong} wrong`,
    floor: `ZXing-C++ reads ${ZXING_CPP_PHOTOS}; zbarimg ${zbarReads}`,
    ratio: read / ZXING_CPP_PHOTOS,
    bar: 'every photo ZXing-C++ reads; no wrong decode',
    pass: read >= ZXING_CPP_PHOTOS && readCamera >= ZXING_CPP_PHOTOS && wrong === 0,
    figures: {
      photos: photos.length,
      read,
      readCamera,
      wrong,
      zxingCpp: ZXING_CPP_PHOTOS,
      zbarimg: zbarReads,
    },
    note: "ZXing-C++'s count is its own published test expectation for these samples",
  }
}

async function distortedRow(decoder: QrDecoder, quick: boolean, dir: string): Promise<Row> {
  mkdirSync(dir, { recursive: true })
  const minter = await createMinter()
  const texts: string[] = []
  for (let i = 0; i < (quick ? 2 : 5); i++) texts.push((await minter.mint()).qrText)
  const images = distortedSet(texts)
  const files = images.map((image) => {
    const path = join(dir, `${image.name}.pgm`)
    writePgm(path, image.pixels, image.width, image.height)
    return path
  })
  const zbar = await zbarRead(files)

  const perKind: Record<string, { images: number; gate: number; zbar: number }> = {}
  let gateReads = 0
  let zbarReads = 0
  let gateWrong = 0
  let zbarWrong = 0
  images.forEach((image, i) => {
    const gate = decoder.decode(image.pixels, image.width, image.height)
    const ref = zbar.get(files[i] as string) ?? []
    const kind = (perKind[image.distortion] ??= { images: 0, gate: 0, zbar: 0 })
    kind.images++
    if (gate.includes(image.expected)) {
      gateReads++
      kind.gate++
    }
    if (ref.includes(image.expected)) {
      zbarReads++
      kind.zbar++
    }
    gateWrong += gate.filter((t) => t !== image.expected).length
    zbarWrong += ref.filter((t) => t !== image.expected).length
  })
  const n = images.length
  const ratio = zbarReads === 0 ? Number.POSITIVE_INFINITY : gateReads / zbarReads
  const kinds = ['clean', ...DISTORTIONS]
    .map((k) => `${k} ${perKind[k]?.gate ?? 0}/${perKind[k]?.zbar ?? 0}/${perKind[k]?.images ?? 0}`)
    .join(', ')
  return {
    id: 'code.decoder.distorted',
    path: `decoder quality: ${n} distorted phone codes (generated)`,
    subject: `${gateReads}/${n} read (${round((100 * gateReads) / n)}%), ${gateWrong} wrong`,
    floor: `zbarimg ${zbarReads}/${n} (${round((100 * zbarReads) / n)}%), ${zbarWrong} wrong`,
    ratio,
    bar: `>= ${BAR_SHARE}x the reference's rate; no wrong decode`,
    pass: ratio >= BAR_SHARE && gateWrong === 0,
    figures: { images: n, gateReads, zbarReads, gateWrong, zbarWrong, perKind },
    note:
      `reference: Debian's zbarimg (independent of ZXing), standing in for ZXing-C++; ` +
      `per kind gate/zbarimg/images: ${kinds}`,
  }
}
