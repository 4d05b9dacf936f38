// Test support: a CameraSource wired to a fake ffmpeg and a fake decoder, with captured logs.
import pino from 'pino'
import type { CameraSourceOptions } from './camera-options.ts'
import { CameraSource } from './camera-source.ts'
import { FakeDecoder, fakeFrame, fakeSpawner } from './camera-test-fakes.ts'
import type { Scan } from './scan-source.ts'

export const WIDTH = 4
export const HEIGHT = 2
export const SIZE = WIDTH * HEIGHT
export const NOTHING = 0
export const CODE_A = 1
export const CODE_B = 2
export const BOTH = 3
export const LONG = 4
export const BROKEN = 255

/** Lets streams, spawn events and the decode loop run; timers stay fake. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

export function setupCamera(options: Partial<CameraSourceOptions> = {}) {
  const logs: Array<{ msg: string; [field: string]: unknown }> = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) })
  const spawner = fakeSpawner()
  const decoder = new FakeDecoder({
    [CODE_A]: ['A'],
    [CODE_B]: ['B'],
    [BOTH]: ['A', 'B'],
    [LONG]: ['x'.repeat(20)],
  })
  const scans: Scan[] = []
  const camera = new CameraSource({
    lane: 3,
    logger,
    width: WIDTH,
    height: HEIGHT,
    decoder,
    spawn: spawner.spawn,
    absentFrames: 3,
    holdOffMs: 1000,
    restartDelayMs: 100,
    maxRestartDelayMs: 350,
    stallTimeoutMs: 5000,
    stopTimeoutMs: 2000,
    ...options,
  })
  const child = () => {
    const latest = spawner.latest()
    if (latest === undefined) throw new Error('no ffmpeg was spawned')
    return latest
  }
  const show = async (...firstBytes: number[]) => {
    for (const first of firstBytes) {
      child().write(fakeFrame(first, SIZE))
      await settle()
    }
  }
  const start = async () => {
    const starting = camera.start((scan) => scans.push(scan))
    await settle()
    await starting
  }
  return { camera, spawner, decoder, scans, logs, child, show, start }
}
