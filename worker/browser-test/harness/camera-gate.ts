// The gate at the journey's checkpoint: the real gate daemon, in this process, on the enrolled
// device's credential, with camera lanes that film screenshots of the resident's page and
// simulated relays. It reuses the gate package's end-to-end helpers.
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GateConfigInput } from '../../../gateway-device/src/config/index.ts'
import type { LaneResult } from '../../../gateway-device/src/feedback/lane-result.ts'
import {
  startGate,
  untilReady,
  type GateUnderTest,
} from '../../../gateway-device/test/e2e/gate-under-test.ts'
import { HeldSourcesHardware } from '../../../gateway-device/test/e2e/held-sources.ts'
import { waitUntil } from '../../../gateway-device/test/peers/wait-until.ts'

export interface CameraGate {
  readonly gate: GateUnderTest
  /**
   * Puts the screenshot in front of the lane's camera, starts the camera and answers the first
   * result the lane shows. Each lane films one screenshot.
   */
  show(lane: number, screenshotPath: string): Promise<LaneResult>
  /** Resolves once the gate's cache kills codes of `subject` issued at `issuedAt` (Unix s). */
  untilRevoked(subject: string, issuedAt: number): Promise<void>
  /** Stops the daemon and its cameras and removes its files; again, it does nothing. */
  stop(): Promise<void>
}

export interface CameraGateOptions {
  edgeUrl: string
  credential: string
  /** Lane numbers, each a camera lane in an anti-passback group of its own. */
  lanes: readonly number[]
}

/** A camera's frame size; the screenshot is fitted into it. */
const FRAME = { width: 640, height: 480 }
/** The first start of a camera loads the decoder, and the machine runs Chromium and workerd. */
const READ_TIMEOUT_MS = 20_000
const SYNC_TIMEOUT_MS = 30_000
/** The push channel brings a revocation in about a second; polls come every 30 s. */
const REVOCATION_TIMEOUT_MS = 10_000

/** Starts the gate and resolves once it has synced with the edge; its cameras wait for `show`. */
export async function startCameraGate(options: CameraGateOptions): Promise<CameraGate> {
  const folder = await mkdtemp(join(tmpdir(), 'gg-browser-gate-'))
  const frameOf = (lane: number) => join(folder, `lane-${lane}.png`)
  const hardware = new HeldSourcesHardware()
  let gate: GateUnderTest
  try {
    gate = await startGate({
      edgeUrl: options.edgeUrl,
      credential: options.credential,
      hardware,
      lanes: options.lanes.map((lane) => cameraLane(lane, frameOf(lane))),
    })
  } catch (err) {
    await rm(folder, { recursive: true, force: true })
    throw err
  }
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      await gate.stop()
      await rm(folder, { recursive: true, force: true })
    })()
    return stopping
  }
  try {
    await untilReady(gate, SYNC_TIMEOUT_MS)
  } catch (err) {
    await stop()
    throw err
  }

  return {
    gate,
    async show(lane, screenshotPath) {
      const camera = hardware.held.find((source) => source.name === `camera:${lane}`)
      if (camera === undefined) throw new Error(`the gate has no camera at lane ${lane}`)
      await copyFile(screenshotPath, frameOf(lane))
      const seen = gate.results.length
      const found = () => gate.results.slice(seen).find((result) => result.lane === lane)

      await camera.release()
      await waitUntil(() => found() !== undefined, `a result at lane ${lane}`, READ_TIMEOUT_MS)
      return found() as LaneResult
    },
    untilRevoked: (subject, issuedAt) =>
      waitUntil(
        () => gate.daemon.brain.revocations.revokedThrough(subject) >= issuedAt,
        'the gate to hear of the revocation',
        REVOCATION_TIMEOUT_MS,
      ),
    stop,
  }
}

/**
 * A lane whose camera films a still image: looped at 5 frames a second, at that pace (`-re`),
 * fitted into the frame unstretched on white, as a camera sees a phone held up whole. The
 * filter graph is a global option, so it may stand before the `-i` the camera wants last.
 * A code in view scans once a minute at most: the lane answers once per screenshot.
 */
function cameraLane(lane: number, framePath: string): GateConfigInput['lanes'][number] {
  const { width, height } = FRAME
  const fit =
    `scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
    `pad=${width}:${height}:-1:-1:color=white`
  return {
    id: lane,
    group: `lane-${lane}`,
    sources: [
      {
        type: 'camera',
        input: ['-filter_complex', fit, '-re', '-loop', '1', '-framerate', '5', '-i', framePath],
        width,
        height,
        holdOffMs: 60_000,
      },
    ],
    relay: { driver: 'simulated', channel: lane, pulseMs: 100 },
    feedback: 'screen',
  }
}
