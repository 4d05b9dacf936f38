import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ffmpegArguments, v4l2Input } from './camera-options.ts'
import { CameraSource } from './camera-source.ts'
import {
  CODE_A,
  CODE_B,
  HEIGHT,
  NOTHING,
  SIZE,
  WIDTH,
  settle,
  setupCamera as setup,
} from './camera-test-harness.ts'
import { FakeDecoder, fakeFrame, fakeSpawner } from './camera-test-fakes.ts'

describe('CameraSource and its ffmpeg process', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks ffmpeg for raw grey frames of the configured size on stdout', async () => {
    const { start, child } = setup({ input: ['-re', '-i', 'clip.mp4'] })
    await start()

    expect(child().args).toEqual(ffmpegArguments(['-re', '-i', 'clip.mp4'], WIDTH, HEIGHT))
    expect(child().args.join(' ')).toMatch(
      /-i clip\.mp4 .*-s 4x2 -pix_fmt gray .*-f rawvideo pipe:1$/,
    )
  })

  it('reads the first V4L2 camera unless told otherwise', () => {
    expect(v4l2Input()).toEqual([
      '-f',
      'v4l2',
      '-framerate',
      '15',
      '-video_size',
      '640x480',
      '-i',
      '/dev/video0',
    ])
  })

  it('rejects start with CAMERA_SPAWN_FAILED when ffmpeg cannot be run', async () => {
    const spawner = fakeSpawner({
      failWith: Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' }),
    })
    const camera = new CameraSource({
      lane: 1,
      logger: pino({ level: 'silent' }),
      decoder: new FakeDecoder({}),
      spawn: spawner.spawn,
    })

    const outcome = camera.start(() => undefined).catch((err: unknown) => err)
    await settle()

    expect(await outcome).toMatchObject({ code: 'CAMERA_SPAWN_FAILED' })
    vi.advanceTimersByTime(60_000)
    expect(spawner.processes).toHaveLength(1)
  })

  it('restarts a dead ffmpeg, doubling the wait while it dies without a frame, up to the cap', async () => {
    const { start, spawner, child } = setup({ restartDelayMs: 100, maxRestartDelayMs: 350 })
    await start()
    const waits: number[] = []

    for (let death = 0; death < 4; death++) {
      const count = spawner.processes.length
      child().exit(1)
      await settle()
      let waited = 0
      while (spawner.processes.length === count) {
        vi.advanceTimersByTime(1)
        waited += 1
        await settle()
      }
      waits.push(waited)
    }

    expect(waits).toEqual([100, 200, 350, 350])
  })

  it('restarts after the shortest wait once a run delivered frames', async () => {
    const { start, spawner, child, show, scans } = setup({ restartDelayMs: 100 })
    await start()
    child().exit(1)
    await settle()
    vi.advanceTimersByTime(100)
    await settle()
    await show(CODE_A)

    child().exit(1)
    await settle()
    vi.advanceTimersByTime(100)
    await settle()
    await show(NOTHING, NOTHING, NOTHING, CODE_A)

    expect(spawner.processes).toHaveLength(3)
    expect(scans.map((scan) => scan.text)).toEqual(['A', 'A'])
  })

  it('drops the half-read frame of a process that died', async () => {
    const { start, child, scans } = setup({ restartDelayMs: 100 })
    await start()
    child().write(fakeFrame(CODE_A, SIZE).subarray(0, 5))
    await settle()
    child().exit(1)
    await settle()
    vi.advanceTimersByTime(100)
    await settle()

    child().write(fakeFrame(CODE_B, SIZE))
    await settle()

    expect(scans.map((scan) => scan.text)).toEqual(['B'])
  })

  it('kills an ffmpeg that stopped delivering frames, and starts a new one', async () => {
    const { start, spawner, child, show, logs } = setup({ stallTimeoutMs: 5000 })
    await start()
    await show(NOTHING)
    const stalled = child()

    vi.advanceTimersByTime(4999)
    expect(stalled.signals).toEqual([])
    vi.advanceTimersByTime(1)
    await settle()
    vi.advanceTimersByTime(100)
    await settle()

    expect(stalled.signals).toEqual(['SIGKILL'])
    expect(logs.some((log) => log.msg === 'camera stalled')).toBe(true)
    expect(spawner.processes).toHaveLength(2)
  })

  it('stops with SIGTERM, then SIGKILL when ffmpeg ignores it', async () => {
    const { start, child, camera } = setup({ stopTimeoutMs: 2000 })
    await start()
    const running = child()
    running.honoursSigterm = false

    const stopping = camera.stop()
    await settle()
    expect(running.signals).toEqual(['SIGTERM'])
    vi.advanceTimersByTime(2000)
    await stopping

    expect(running.signals).toEqual(['SIGTERM', 'SIGKILL'])
    expect(camera.stats.running).toBe(false)
  })

  it('starts nothing more after stop', async () => {
    const { start, spawner, camera, scans } = setup()
    await start()
    await camera.stop()

    vi.advanceTimersByTime(60_000)
    await settle()

    expect(spawner.processes).toHaveLength(1)
    expect(scans).toEqual([])
  })

  it('refuses a second start with CAMERA_ALREADY_STARTED', async () => {
    const { start, camera } = setup()
    await start()

    await expect(camera.start(() => undefined)).rejects.toMatchObject({
      code: 'CAMERA_ALREADY_STARTED',
    })
  })

  it('starts again after a stop, forgetting the codes it had seen', async () => {
    const { start, show, camera, scans } = setup()
    await start()
    await show(CODE_A)
    await camera.stop()

    await start()
    await show(CODE_A)

    expect(scans.map((scan) => scan.text)).toEqual(['A', 'A'])
  })
})
