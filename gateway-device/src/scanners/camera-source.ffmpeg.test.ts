import pino from 'pino'
import { describe, expect, it, vi } from 'vitest'
import { CameraSource } from './camera-source.ts'
import { FakeDecoder } from './camera-test-fakes.ts'
import type { CameraSourceOptions } from './camera-options.ts'

/** ffmpeg's own test pattern at 25 frames a second, in real time, as a stand-in camera. */
function liveInput(seconds?: number): string[] {
  const limit = seconds === undefined ? [] : ['-t', String(seconds)]
  return ['-re', '-f', 'lavfi', ...limit, '-i', 'testsrc2=size=320x240:rate=25']
}

function camera(options: Partial<CameraSourceOptions>): CameraSource {
  return new CameraSource({
    lane: 1,
    logger: pino({ level: 'silent' }),
    decoder: new FakeDecoder({}),
    width: 160,
    height: 120,
    restartDelayMs: 50,
    ...options,
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('CameraSource with a real ffmpeg', () => {
  it('receives every frame whole, scaled to the configured size', async () => {
    const source = camera({
      input: ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=2'],
      restartDelayMs: 60_000,
    })

    await source.start(() => undefined)
    try {
      await vi.waitFor(() => expect(source.stats.exits).toBe(1), { timeout: 10_000, interval: 20 })
    } finally {
      await source.stop()
    }

    expect(source.stats.frames).toBe(50)
  })

  it('starts ffmpeg again after it is killed', async () => {
    const source = camera({ input: liveInput() })
    await source.start(() => undefined)
    try {
      await vi.waitFor(() => expect(source.stats.frames).toBeGreaterThan(2), { timeout: 10_000 })
      const first = source.stats.pid ?? 0
      process.kill(first, 'SIGKILL')

      await vi.waitFor(() => expect(source.stats.starts).toBe(2), { timeout: 10_000, interval: 20 })
      const framesBefore = source.stats.frames
      await vi.waitFor(() => expect(source.stats.frames).toBeGreaterThan(framesBefore + 2), {
        timeout: 10_000,
      })
      expect(source.stats.pid).not.toBe(first)
    } finally {
      await source.stop()
    }
  })

  it('starts ffmpeg again each time its input ends', async () => {
    const source = camera({ input: liveInput(0.3) })
    await source.start(() => undefined)
    try {
      await vi.waitFor(() => expect(source.stats.starts).toBeGreaterThanOrEqual(3), {
        timeout: 15_000,
        interval: 20,
      })
    } finally {
      await source.stop()
    }
  })

  it('leaves no ffmpeg behind after stop', async () => {
    const source = camera({ input: liveInput() })
    await source.start(() => undefined)
    const pid = source.stats.pid ?? 0

    await source.stop()

    expect(alive(pid)).toBe(false)
    expect(source.stats.running).toBe(false)
  })

  it('refuses to start with CAMERA_SPAWN_FAILED when the ffmpeg binary is missing', async () => {
    const source = camera({ ffmpegPath: '/nonexistent/ffmpeg', input: liveInput() })

    await expect(source.start(() => undefined)).rejects.toMatchObject({
      code: 'CAMERA_SPAWN_FAILED',
    })
  })
})
