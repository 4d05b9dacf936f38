import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CameraSource } from './camera-source.ts'
import { filmScene, phoneScene, seeded } from './camera-test-scene.ts'
import type { Scan } from './scan-source.ts'

const FPS = 15
// Out of view, in view for 1.6 s, out for about a second, back in view, out again.
const PLAN = [
  ...Array<boolean>(8).fill(false),
  ...Array<boolean>(24).fill(true),
  ...Array<boolean>(16).fill(false),
  ...Array<boolean>(24).fill(true),
  ...Array<boolean>(8).fill(false),
]

/** A compact JWS of the size the gate sees: EdDSA header, short claims, 64-byte signature. */
function jwsLikeCode(): string {
  const part = (bytes: string | Uint8Array) => Buffer.from(bytes).toString('base64url')
  const random = seeded(11)
  const header = part(JSON.stringify({ alg: 'EdDSA', kid: 'gate-2026-01' }))
  const claims = part(
    JSON.stringify({
      iss: 'greengate',
      sub: 'p_8f3k2q9v',
      col: 'green',
      iat: 1767225600,
      exp: 1767225780,
      jti: '01JGZ9K4XQ7W3N5V8R2T',
    }),
  )
  const signature = part(Uint8Array.from({ length: 64 }, () => Math.floor(256 * random())))
  return `${header}.${claims}.${signature}`
}

describe('CameraSource reading a filmed phone through ffmpeg', () => {
  const code = jwsLikeCode()
  let folder: string
  let video: string

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'greengate-camera-'))
    video = join(folder, 'phone.mp4')
    const scene = phoneScene(1280, 960, code)
    const shake = seeded(3)
    const frames = PLAN.map((inView) =>
      scene.frame(inView, { x: Math.round(8 * shake() - 4), y: Math.round(8 * shake() - 4) }),
    )
    await filmScene(video, frames, {
      sceneSize: { width: 1280, height: 960 },
      filmSize: { width: 640, height: 480 },
      fps: FPS,
      tiltDegrees: 3,
    })
  })

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('films a code the size of a real one', () => {
    expect(code).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(code.length).toBeGreaterThanOrEqual(280)
    expect(code.length).toBeLessThanOrEqual(300)
  })

  it('scans the code once while held in view, and again when it comes back', async () => {
    const camera = new CameraSource({
      lane: 2,
      logger: pino({ level: 'silent' }),
      input: ['-re', '-i', video],
      width: 640,
      height: 480,
      absentFrames: 5,
      holdOffMs: Infinity,
      restartDelayMs: 60_000,
    })
    const scans: Scan[] = []

    await camera.start((scan) => scans.push(scan))
    try {
      await vi.waitFor(() => expect(camera.stats.exits).toBe(1), { timeout: 20_000, interval: 50 })
    } finally {
      await camera.stop()
    }

    expect(camera.stats.frames).toBe(PLAN.length)
    expect(scans.map((scan) => scan.text)).toEqual([code, code])
    expect(scans.every((scan) => scan.lane === 2 && scan.source === 'camera:2')).toBe(true)
    const [first, second] = scans.map((scan) => scan.receivedAt)
    // The phone was away for 16 frames; the second scan must come from its second showing.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThan((16 / FPS) * 1000)
  })
})
