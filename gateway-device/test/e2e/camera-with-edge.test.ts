// End to end through the camera: a resident's code from the real edge, drawn on a phone's
// screen as the resident page draws it, filmed, and fed through ffmpeg to the gate's camera.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { QR_NUMERIC_PREFIX, type IssuedCode } from '@greengate/shared'
import type { QRCodeSegment } from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QrContent } from '../../src/decoding/testing/render-qr.ts'
import { filmScene, phoneScene, seeded } from '../../src/scanners/camera-test-scene.ts'
import { waitUntil } from '../peers/wait-until.ts'
import { startEdgeWorld, type EdgeWorld } from './edge-world.ts'
import { startGate, untilReady, type GateUnderTest } from './gate-under-test.ts'
import { HeldSourcesHardware } from './held-sources.ts'

const LANE = 1
const FPS = 15
/** Frames of a phone held up, for two seconds, and of the camera seeing only the wall. */
const HELD = Array<boolean>(30).fill(true)
const AWAY = Array<boolean>(8).fill(false)

/** As worker/web/common/qr-symbol.ts encodes it: the prefix alphanumeric, the digits numeric. */
function pageSegments(qrText: string): QRCodeSegment[] {
  const digits = qrText.slice(QR_NUMERIC_PREFIX.length)
  if (!qrText.startsWith(QR_NUMERIC_PREFIX) || !/^\d+$/.test(digits)) {
    throw new Error('the edge did not give the numeric QR form')
  }
  return [
    { data: QR_NUMERIC_PREFIX, mode: 'alphanumeric' },
    { data: digits, mode: 'numeric' },
  ]
}

/** One phone after another held up to the camera, each showing its QR content. */
async function filmPhones(path: string, contents: readonly QrContent[]): Promise<void> {
  const shake = seeded(5)
  const frames: Uint8Array[] = []
  for (const [index, content] of contents.entries()) {
    const scene = phoneScene(1280, 960, content, 7 + index)
    for (const inView of [...AWAY, ...HELD]) {
      frames.push(
        scene.frame(inView, { x: Math.round(6 * shake() - 3), y: Math.round(6 * shake() - 3) }),
      )
    }
    if (index === contents.length - 1) for (const _ of AWAY) frames.push(scene.frame(false))
  }
  await filmScene(path, frames, {
    sceneSize: { width: 1280, height: 960 },
    filmSize: { width: 640, height: 480 },
    fps: FPS,
    tiltDegrees: 2,
  })
}

describe('the gate camera reading a code from the real edge', () => {
  let world: EdgeWorld | undefined
  let gate: GateUnderTest | undefined
  let folder: string | undefined
  /** Shown as the resident page shows it (numeric QR form), and as the raw JWS. */
  let pageCode: IssuedCode
  let rawCode: IssuedCode
  const theGate = () => gate as GateUnderTest

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gate-e2e-camera-'))
    world = await startEdgeWorld({ antiPassbackSeconds: 600 })
    pageCode = await world.currentCode(await world.approvedResident('王小明'))
    rawCode = await world.currentCode(await world.approvedResident('李华'))
    const video = join(folder, 'phones.mp4')
    await filmPhones(video, [pageSegments(pageCode.qrText), rawCode.code])

    const hardware = new HeldSourcesHardware()
    gate = await startGate({
      edgeUrl: world.edge.url,
      credential: world.deviceCredential,
      hardware,
      lanes: [
        {
          id: LANE,
          sources: [{ type: 'camera', input: ['-re', '-i', video], width: 640, height: 480 }],
          relay: { driver: 'simulated', channel: 1, pulseMs: 100 },
          feedback: 'screen',
        },
      ],
    })
    await untilReady(gate)
    await hardware.release()
  }, 180_000)

  afterAll(async () => {
    await gate?.stop()
    await world?.dispose()
    if (folder !== undefined) await rm(folder, { recursive: true, force: true })
  }, 30_000)

  it('opens the lane for each code on a filmed phone; the edge gets the passes', async () => {
    const gate = theGate()
    const passes = () => gate.results.filter((result) => result.verdict === 'pass')
    await waitUntil(() => passes().length === 2, 'the camera to read both phones', 30_000)

    expect(passes().map((result) => result.nameMasked)).toEqual([
      pageCode.nameMasked,
      rawCode.nameMasked,
    ])
    // ffmpeg replays the file when it ends: the same people again meet anti-passback.
    const others = gate.results.filter((result) => result.verdict !== 'pass')
    expect(others.map((result) => result.reason)).toEqual(others.map(() => 'GATE_ANTI_PASSBACK'))
    await waitUntil(() => gate.relayMoves(LANE).length >= 4, 'the pulses to end', 5_000)
    expect(gate.relayMoves(LANE)).toEqual([true, false, true, false])
    await waitUntil(() => gate.daemon.outbox.state().rows === 0, 'the upload', 10_000)
    const stats = await (world as EdgeWorld).stats()
    expect(stats.passesPerHour.reduce((sum, row) => sum + row.passes, 0)).toBe(2)
  }, 60_000)
})
