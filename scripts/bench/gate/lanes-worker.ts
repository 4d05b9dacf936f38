// Child process of the lanes-per-box bench: 4 camera lanes at 15 fps in one process, one core.
//
// Run pinned to one CPU (`taskset -c 0`); prints one JSON line of figures on stdout.
import { parseArgs } from 'node:util'
import { LaneController } from '../../../gateway-device/src/daemon/lane-controller.ts'
import { LanePulser } from '../../../gateway-device/src/relays/lane-pulser.ts'
import { SimulatedRelay } from '../../../gateway-device/src/relays/simulated-relay.ts'
import { cameraRig, type CameraRig } from './fixtures/camera-rig.ts'
import { createMinter, mintMany } from './fixtures/code-minter.ts'
import { deciderRig } from './fixtures/decider-rig.ts'
import { codeFrame, emptyFrame } from './fixtures/frames.ts'
import { silentLogger } from './fixtures/gate-files.ts'

export interface LanesFigures {
  lanes: number
  fps: number
  width: number
  height: number
  seconds: number
  offered: number
  decoded: number
  dropped: number
  decisions: number
  /** CPU time of the process over wall time: 1 is the whole of the one core. */
  coreShare: number
  /** Frames a core could decode at this mix: decoded frames per CPU second. */
  framesPerCpuSecond: number
  latencyMs: number[]
}

const { values } = parseArgs({
  options: {
    width: { type: 'string', default: '640' },
    height: { type: 'string', default: '480' },
    seconds: { type: 'string', default: '10' },
    lanes: { type: 'string', default: '4' },
    fps: { type: 'string', default: '15' },
  },
})
const size = { width: Number(values.width), height: Number(values.height) }
const seconds = Number(values.seconds)
const laneCount = Number(values.lanes)
const fps = Number(values.fps)

// Each lane sees a person every ~1.5 s: 10 frames of their code, then 12 frames of nobody.
const PERSON_FRAMES = 10
const GAP_FRAMES = 12
const now = Math.floor(Date.now() / 1000)
const minter = await createMinter()
const codes = await mintMany(minter, laneCount * 6, now)
const { decider } = deciderRig(minter, { revoked: 1_000_000, now })
const empty = Array.from({ length: 4 }, (_, i) => emptyFrame(size, 500 + i))
const laneFrames = Array.from({ length: laneCount }, (_, lane) =>
  codes.slice(lane * 6, lane * 6 + 6).map((c, i) => codeFrame(c.qrText, size, 40 * lane + i + 1)),
)

const relay = new SimulatedRelay({ channels: laneCount })
const pulser = new LanePulser({
  driver: relay,
  lanes: Array.from({ length: laneCount }, (_, i) => ({ lane: i + 1, channel: i + 1 })),
  pulseMs: 800,
  deadlineMs: 1_000,
  logger: silentLogger,
})
await pulser.start()
const latencyMs: number[] = []
let decisions = 0
const rigs: CameraRig[] = []
for (let lane = 1; lane <= laneCount; lane++) {
  const controller = new LaneController({
    lane,
    decide: (scan) => decider.decide(scan),
    // The durable record is measured elsewhere (frame -> relay); here the decode load is.
    record: () => undefined,
    open: (id, requestedAt) => pulser.pulse(id, requestedAt),
    feedback: [],
    observer: {
      decided(_decision, ms) {
        decisions++
        latencyMs.push(ms)
      },
      recordFailed() {},
      openDropped() {},
    },
    logger: silentLogger,
  })
  controller.start()
  rigs.push(
    await cameraRig({ lane, size, logger: silentLogger, onScan: (s) => void controller.handle(s) }),
  )
}

const intervalMs = 1000 / fps
const started = performance.now()
const cpuBefore = process.cpuUsage()
let offered = 0
const timers = rigs.map((rig, lane) => {
  let n = 0
  const tick = () => {
    const slot = n++ % (PERSON_FRAMES + GAP_FRAMES)
    const person = Math.floor(n / (PERSON_FRAMES + GAP_FRAMES)) % 6
    const frames = laneFrames[lane] as Uint8Array[]
    rig.push(slot < PERSON_FRAMES ? (frames[person] as Uint8Array) : (empty[n % 4] as Uint8Array))
    offered++
  }
  // Lanes are staggered within a frame interval, as free-running cameras are.
  return setTimeout(
    () => {
      tick()
      timers[lane] = setInterval(tick, intervalMs)
    },
    (intervalMs * lane) / laneCount,
  )
})
await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
for (const timer of timers) clearInterval(timer)
await new Promise((resolve) => setTimeout(resolve, 200))
const cpu = process.cpuUsage(cpuBefore)
const wallMs = performance.now() - started
const stats = rigs.map((rig) => rig.camera.stats)
for (const rig of rigs) await rig.stop()
await pulser.stop()

const cpuSeconds = (cpu.user + cpu.system) / 1e6
const decoded = stats.reduce((sum, s) => sum + s.decoded, 0)
const figures: LanesFigures = {
  lanes: laneCount,
  fps,
  width: size.width,
  height: size.height,
  seconds,
  offered,
  decoded,
  dropped: stats.reduce((sum, s) => sum + s.dropped, 0),
  decisions,
  coreShare: cpuSeconds / (wallMs / 1000),
  framesPerCpuSecond: decoded / cpuSeconds,
  latencyMs,
}
process.stdout.write(`${JSON.stringify(figures)}\n`)
process.exit(0)
