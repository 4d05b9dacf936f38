import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isCameraError } from './camera-error.ts'
import { CameraSource } from './camera-source.ts'
import {
  BOTH,
  BROKEN,
  CODE_A,
  CODE_B,
  LONG,
  NOTHING,
  SIZE,
  settle,
  setupCamera as setup,
} from './camera-test-harness.ts'
import { fakeFrame } from './camera-test-fakes.ts'

describe('CameraSource', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  describe('scanning', () => {
    it('scans a code once while it stays in view, stamped with its frame time', async () => {
      const { start, show, scans } = setup()
      await start()
      vi.advanceTimersByTime(500)

      await show(CODE_A, CODE_A, CODE_A, CODE_A)

      expect(scans).toEqual([{ lane: 3, source: 'camera:3', text: 'A', receivedAt: 500 }])
    })

    it('scans a code again after it was gone for absentFrames decoded frames', async () => {
      const { start, show, scans } = setup()
      await start()

      await show(CODE_A, NOTHING, NOTHING, CODE_A)
      expect(scans).toHaveLength(1)

      await show(NOTHING, NOTHING, NOTHING, CODE_A)
      expect(scans.map((scan) => scan.text)).toEqual(['A', 'A'])
    })

    it('scans a code still held in view again once the hold-off has passed', async () => {
      const { start, show, scans } = setup({ holdOffMs: 1000 })
      await start()

      await show(CODE_A)
      vi.advanceTimersByTime(999)
      await show(CODE_A)
      vi.advanceTimersByTime(1)
      await show(CODE_A)

      expect(scans.map((scan) => scan.receivedAt)).toEqual([0, 1000])
    })

    it('scans each of two codes in view once', async () => {
      const { start, show, scans } = setup()
      await start()

      await show(CODE_A, BOTH, BOTH, CODE_B)

      expect(scans.map((scan) => scan.text)).toEqual(['A', 'B'])
    })

    it('decodes only the newest of the frames that arrived together', async () => {
      const { start, child, decoder, scans, camera } = setup()
      await start()

      const burst = new Uint8Array(3 * SIZE)
      burst.set(fakeFrame(CODE_A, SIZE), 0)
      burst.set(fakeFrame(NOTHING, SIZE), SIZE)
      burst.set(fakeFrame(CODE_B, SIZE), 2 * SIZE)
      child().write(burst)
      await settle()

      expect(decoder.decodedFirstBytes).toEqual([CODE_B])
      expect(scans.map((scan) => scan.text)).toEqual(['B'])
      expect(camera.stats).toMatchObject({ frames: 3, decoded: 1, dropped: 2 })
    })

    it('reads frames split across chunks', async () => {
      const { start, child, scans } = setup()
      await start()

      const frame = fakeFrame(CODE_A, SIZE)
      child().write(frame.subarray(0, 3))
      await settle()
      child().write(frame.subarray(3))
      await settle()

      expect(scans.map((scan) => scan.text)).toEqual(['A'])
    })

    it('reports a text longer than maxTextBytes as too_long, without its text', async () => {
      const { start, show, scans } = setup({ maxTextBytes: 19 })
      await start()

      await show(LONG)

      expect(scans).toEqual([expect.objectContaining({ text: '', problem: 'too_long' })])
    })

    it('passes a text of exactly maxTextBytes as it is', async () => {
      const { start, show, scans } = setup({ maxTextBytes: 20 })
      await start()

      await show(LONG)

      expect(scans).toEqual([{ lane: 3, source: 'camera:3', text: 'x'.repeat(20), receivedAt: 0 }])
    })

    it('logs a failing decoder once and keeps scanning', async () => {
      const { start, show, scans, logs, camera } = setup()
      await start()

      await show(BROKEN, BROKEN, CODE_A)

      expect(scans.map((scan) => scan.text)).toEqual(['A'])
      expect(logs.filter((log) => log.msg === 'camera frame decoding failed')).toHaveLength(1)
      expect(logs.some((log) => log.msg === 'camera frame decoding recovered')).toBe(true)
      expect(camera.stats.decodeErrors).toBe(2)
    })

    it('keeps scanning when the scan handler throws', async () => {
      const { camera, spawner, logs } = setup()
      const texts: string[] = []
      const starting = camera.start((scan) => {
        texts.push(scan.text)
        throw new Error('handler broke')
      })
      await settle()
      await starting

      for (const first of [CODE_A, CODE_B]) {
        spawner.latest()?.write(fakeFrame(first, SIZE))
        await settle()
      }

      expect(texts).toEqual(['A', 'B'])
      expect(logs.filter((log) => log.msg === 'scan handler failed')).toHaveLength(2)
    })

    it('never logs a scanned text', async () => {
      const { start, show, logs, camera } = setup()
      await start()
      await show(CODE_A)
      await camera.stop()

      expect(JSON.stringify(logs)).not.toContain('"A"')
    })
  })

  describe('options', () => {
    it.each([
      ['width', { width: 0 }],
      ['height', { height: 1.5 }],
      ['absentFrames', { absentFrames: 0 }],
      ['holdOffMs', { holdOffMs: -1 }],
      ['restartDelayMs', { restartDelayMs: Infinity }],
      ['stallTimeoutMs', { stallTimeoutMs: Number.NaN }],
      ['input', { input: ['/dev/video0'] }],
    ])('names %s when it is impossible', (field, bad) => {
      let caught: unknown
      try {
        new CameraSource({ lane: 1, logger: pino({ level: 'silent' }), ...bad })
      } catch (err) {
        caught = err
      }

      expect(isCameraError(caught, 'CAMERA_OPTIONS_INVALID')).toBe(true)
      expect((caught as Error).message).toContain(field)
    })

    it('accepts an endless hold-off', () => {
      expect(
        () => new CameraSource({ lane: 1, logger: pino({ level: 'silent' }), holdOffMs: Infinity }),
      ).not.toThrow()
    })
  })
})
