// Gate: frame arrives -> relay command written (decide, record durably, pulse a serial relay).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { SerialPort } from 'serialport'
import { LaneController } from '../../../gateway-device/src/daemon/lane-controller.ts'
import { Outbox } from '../../../gateway-device/src/outbox/outbox.ts'
import { outboxMigrations } from '../../../gateway-device/src/outbox/outbox-schema.ts'
import { LanePulser } from '../../../gateway-device/src/relays/lane-pulser.ts'
import { SerialRelay } from '../../../gateway-device/src/relays/serial-relay.ts'
import { GateStore } from '../../../gateway-device/src/store/gate-store.ts'
import type { Bench } from '../harness/bench.ts'
import { formatMs, type Row } from '../harness/row.ts'
import { summarize } from '../harness/stats.ts'
import { cameraRig } from './fixtures/camera-rig.ts'
import { createMinter, mintMany } from './fixtures/code-minter.ts'
import { deciderRig } from './fixtures/decider-rig.ts'
import { codeFrame, HD, VGA, type FrameSize } from './fixtures/frames.ts'
import { silentLogger } from './fixtures/gate-files.ts'
import { openBoard, startPtyPair } from './fixtures/pty-pair.ts'

/** One frame interval at 30 fps. */
const FRAME_INTERVAL_MS = 1000 / 30
/** An LCUS command is 4 bytes of 10 bits on a 9600-baud wire; a pty sends it at once. */
const WIRE_MS = (4 * 10 * 1000) / 9600

export const frameToRelayBench: Bench = {
  id: 'gate.frame-to-relay',
  async run({ quick, scratch, log }) {
    const now = Math.floor(Date.now() / 1000)
    const minter = await createMinter()
    const codes = await mintMany(minter, 16, now)
    const { decider } = deciderRig(minter, { revoked: quick ? 100_000 : 1_000_000, now })
    const dir = join(scratch, 'frame-to-relay')
    mkdirSync(dir, { recursive: true })
    const pty = await startPtyPair(dir)
    const store = new GateStore({ path: join(dir, 'gate.db'), migrations: [outboxMigrations] })
    store.open()
    const outbox = new Outbox({
      store,
      maxRows: 1_000_000,
      maxBytes: 512 * 2 ** 20,
      alarmAtFraction: 0.8,
      logger: silentLogger,
    })
    outbox.start()

    let onCommand: ((bytes: Buffer, at: number) => void) | undefined
    let board: SerialPort | undefined
    const relay = new SerialRelay({ path: pty.gate, channels: 1, logger: silentLogger })
    const pulser = new LanePulser({
      driver: relay,
      lanes: [{ lane: 1, channel: 1 }],
      // Short pulses, so each pass energises the relay anew instead of extending a pulse.
      pulseMs: 5,
      deadlineMs: 1_000,
      logger: silentLogger,
    })
    const rows: Row[] = []
    try {
      board = await openBoard(pty.board, (bytes, at) => onCommand?.(bytes, at))
      await pulser.start()
      const lane = new LaneController({
        lane: 1,
        decide: (scan) => decider.decide(scan),
        record: (event) => outbox.record(event),
        open: (id, requestedAt) => pulser.pulse(id, requestedAt),
        feedback: [],
        observer: { decided() {}, recordFailed() {}, openDropped() {} },
        logger: silentLogger,
      })
      lane.start()
      for (const size of [VGA, HD]) {
        log(`frame->relay: ${size.width}x${size.height}`)
        const frames = codes.map((c, i) => codeFrame(c.qrText, size, i + 1))
        const trials = quick ? 40 : 150
        const samples = await trialsOf(
          size,
          frames,
          trials,
          lane,
          (handler) => (onCommand = handler),
        )
        rows.push(rowOf(size, samples))
      }
      await lane.stop()
    } finally {
      await pulser.stop().catch(() => undefined)
      await new Promise<void>((resolve) =>
        board?.isOpen ? board.close(() => resolve()) : resolve(),
      )
      outbox.stop()
      store.close()
      await pty.stop()
    }
    return rows
  },
}

async function trialsOf(
  size: FrameSize,
  frames: Uint8Array[],
  trials: number,
  lane: LaneController,
  listen: (handler: (bytes: Buffer, at: number) => void) => void,
): Promise<number[]> {
  const rig = await cameraRig({
    lane: 1,
    size,
    logger: silentLogger,
    onScan: (scan) => void lane.handle(scan),
  })
  const samples: number[] = []
  try {
    for (let i = 0; i < trials + 5; i++) {
      const started = performance.now()
      // The energise command, then (pulse over) the release: then the next person.
      const energised = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the relay never moved')), 5_000)
        let openedAt = 0
        listen((bytes, at) => {
          if (bytes[2] === 1) openedAt = at
          else if (openedAt > 0) {
            clearTimeout(timer)
            resolve(openedAt)
          }
        })
      })
      rig.push(frames[i % frames.length] as Uint8Array)
      const openedAt = await energised
      if (i >= 5) samples.push(openedAt - started)
    }
  } finally {
    await rig.stop()
  }
  return samples
}

function rowOf(size: FrameSize, samples: number[]): Row {
  const s = summarize(samples)
  return {
    id: `gate.frame-to-relay.${size.width}x${size.height}`,
    path: `gate: frame arrives -> relay command written, ${size.width}x${size.height}`,
    subject: `p50 ${formatMs(s.median)}, p99 ${formatMs(s.p99)}`,
    floor: `one frame at 30 fps ${formatMs(FRAME_INTERVAL_MS)}`,
    ratio: s.p99 / FRAME_INTERVAL_MS,
    bar: 'p99 < 1 frame interval',
    pass: s.p99 + WIRE_MS < FRAME_INTERVAL_MS,
    figures: { width: size.width, height: size.height, latencyMs: s, wireMs: WIRE_MS },
    note:
      'camera source -> decode -> decide -> pass record committed (SQLite, synchronous=FULL, ' +
      `real disk) -> LCUS command read at the board end of a pty; +${WIRE_MS.toFixed(1)} ms ` +
      'of 9600-baud wire counted against the bar',
  }
}
