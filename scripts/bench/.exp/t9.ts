import { QrDecoder } from '/work/main/gateway-device/src/decoding/qr-decoder.ts'
import { cameraRig, decodedCount } from '/work/main/scripts/bench/gate/fixtures/camera-rig.ts'
import { createMinter, mintMany } from '/work/main/scripts/bench/gate/fixtures/code-minter.ts'
import { deciderRig } from '/work/main/scripts/bench/gate/fixtures/decider-rig.ts'
import { codeFrame, VGA } from '/work/main/scripts/bench/gate/fixtures/frames.ts'
import { silentLogger } from '/work/main/scripts/bench/gate/fixtures/gate-files.ts'
const now = Math.floor(Date.now() / 1000)
const minter = await createMinter()
const codes = await mintMany(minter, 16, now)
const { decider } = deciderRig(minter, { revoked: 100000, now })
const frames = codes.map((c, i) => codeFrame(c.qrText, VGA, i + 1))
import { verify } from 'node:crypto'
import { codeFromScannedText, decodeBase64url } from '@greengate/shared'
const rawOf = new Map(
  codes.map((c) => {
    const [h, p, sg] = c.code.split('.')
    return [c.qrText, { input: Buffer.from(h + '.' + p), sig: decodeBase64url(sg!)! }]
  }),
)
function verifyRaw(text: string) {
  const r = rawOf.get(text)!
  return verify('sha256', r.input, { key: minter.publicKey, dsaEncoding: 'ieee-p1363' }, r.sig)
}
;(globalThis as any).RAW = process.argv[2] === 'raw'
const inner = new QrDecoder()
await inner.load()
const dec: number[] = [],
  dd: number[] = []
const wrapped = {
  load: () => inner.load(),
  decode: (f: Uint8Array, w: number, h: number) => {
    const t = performance.now()
    const r = inner.decode(f, w, h)
    dec.push(performance.now() - t)
    return r
  },
}
let answer: any
const rig = await cameraRig({
  lane: 1,
  size: VGA,
  logger: silentLogger,
  decoder: wrapped,
  onScan: (s) => {
    const t = performance.now()
    const d = (globalThis as any).RAW
      ? (verifyRaw(s.text), { decision: 'pass' })
      : decider.decide(s)
    dd.push(performance.now() - t)
    answer(d)
  },
})
const tot: number[] = []
let n = 0
for (let r = 0; r < 20; r++)
  for (const f of frames) {
    const t = performance.now()
    const p = new Promise((res) => (answer = res))
    rig.push(f)
    await p
    await decodedCount(rig.camera, ++n)
    tot.push(performance.now() - t)
  }
const floor: number[] = []
for (let r = 0; r < 20; r++)
  for (const f of frames) {
    const t = performance.now()
    inner.decode(f, 640, 480)
    floor.push(performance.now() - t)
  }
const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1]! * 1000
console.log('total', med(tot), 'decode in cam', med(dec), 'decide', med(dd), 'floor', med(floor))
await rig.stop()
