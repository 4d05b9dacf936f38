// Gate: camera frame -> decision at 640x480 and 1280x720, vs the QR decoder alone.
import type { GateDecision } from '../../../gateway-device/src/decide/decision.ts'
import { QrDecoder } from '../../../gateway-device/src/decoding/qr-decoder.ts'
import type { Scan } from '../../../gateway-device/src/scanners/scan-source.ts'
import type { Bench } from '../harness/bench.ts'
import { formatMs, type Row } from '../harness/row.ts'
import { summarize, timeRatio } from '../harness/stats.ts'
import { interleave } from '../harness/timing.ts'
import { cameraRig, decodedCount } from './fixtures/camera-rig.ts'
import { createMinter, mintMany } from './fixtures/code-minter.ts'
import { deciderRig } from './fixtures/decider-rig.ts'
import { codeFrame, emptyFrame, HD, VGA, type FrameSize } from './fixtures/frames.ts'
import { silentLogger } from './fixtures/gate-files.ts'

const BAR_RATIO = 1.25
/** Distinct people in view one after another: more than the camera's 10-frame memory. */
const PEOPLE = 16

export const cameraDecisionBench: Bench = {
  id: 'gate.camera-decision',
  async run({ quick, log }) {
    const now = Math.floor(Date.now() / 1000)
    const minter = await createMinter()
    const codes = await mintMany(minter, PEOPLE, now)
    const { decider } = deciderRig(minter, { revoked: quick ? 100_000 : 1_000_000, now })
    const rows: Row[] = []
    for (const size of [VGA, HD]) {
      log(`camera frame->decision: ${size.width}x${size.height}`)
      const coded = codes.map((c, i) => codeFrame(c.qrText, size, i + 1))
      const empty = Array.from({ length: 8 }, (_, i) => emptyFrame(size, 100 + i))
      const decide = (scan: Scan) => decider.decide(scan)
      rows.push(...(await measure({ size, coded, empty, decide, repeats: quick ? 3 : 8 })))
    }
    return rows
  },
}

async function measure(options: {
  size: FrameSize
  coded: Uint8Array[]
  empty: Uint8Array[]
  decide: (scan: Scan) => GateDecision
  repeats: number
}): Promise<Row[]> {
  const { size, coded, empty, decide, repeats } = options
  const { width, height } = size
  const decoder = new QrDecoder()
  await decoder.load()
  for (const frame of coded) {
    if (decoder.decode(frame, width, height).length !== 1) {
      throw new Error('a bench frame is unreadable')
    }
  }

  let answer: ((d: GateDecision) => void) | undefined
  const rig = await cameraRig({
    lane: 1,
    size,
    logger: silentLogger,
    onScan: (scan) => answer?.(decide(scan)),
  })
  let decoded = 0
  let passes = 0
  let withCodes = 0
  // One frame a round, subject and floor alternating on the same frame: a load spike from
  // elsewhere on the machine hits both, not a whole round of one.
  const cursor = { subject: 0, floor: 0 }
  const subjectOn = (frames: Uint8Array[], withCode: boolean) => async () => {
    const frame = frames[cursor.subject++ % frames.length] as Uint8Array
    const started = performance.now()
    const decided = withCode
      ? new Promise<GateDecision>((resolve) => (answer = resolve))
      : undefined
    rig.push(frame)
    if (decided !== undefined) {
      withCodes++
      if ((await decided).decision === 'pass') passes++
    }
    await decodedCount(rig.camera, ++decoded)
    return [performance.now() - started]
  }
  const floorOn = (frames: Uint8Array[]) => () => {
    const frame = frames[cursor.floor++ % frames.length] as Uint8Array
    const started = performance.now()
    decoder.decode(frame, width, height)
    return [performance.now() - started]
  }

  const rows: Row[] = []
  try {
    for (const withCode of [true, false]) {
      const frames = withCode ? coded : empty
      cursor.subject = 0
      cursor.floor = 0
      const samples = await interleave({
        subject: subjectOn(frames, withCode),
        floor: floorOn(frames),
        rounds: frames.length * repeats,
        warmupRounds: frames.length,
      })
      const s = summarize(samples.subject)
      const f = summarize(samples.floor)
      const ratio = timeRatio(s.median, f.median)
      const what = withCode ? 'a code' : 'empty'
      rows.push({
        id: `gate.camera-decision.${width}x${height}.${withCode ? 'code' : 'empty'}`,
        path: `gate: camera frame -> decision, ${width}x${height}, ${what}`,
        subject: `p50 ${formatMs(s.median)}, p99 ${formatMs(s.p99)}`,
        floor: `decoder alone p50 ${formatMs(f.median)}`,
        ratio,
        bar: `<= ${BAR_RATIO}x`,
        pass: ratio <= BAR_RATIO,
        figures: { width, height, withCode, frames: frames.length, subjectMs: s, floorMs: f },
        note: withCode
          ? 'frame handed to the camera source -> decision returned (every code passed)'
          : 'frame handed to the camera source -> frame done (no scan)',
      })
    }
  } finally {
    await rig.stop()
    decoder.release()
  }
  if (passes !== withCodes) throw new Error(`${withCodes - passes} frames did not lead to a pass`)
  return rows
}
