// A restart keeps anti-passback: a code that just passed cannot be passed back after a crash.
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig, resolveConfig, type GateConfig } from '../config/index.ts'
import { createTestIssuer, type TestIssuer } from '../decide/testing/code-signer.ts'
import { tempDir } from '../store/testing/temp-dir.ts'
import { FakeEdge as SyncEdge } from '../sync/testing/fake-edge.ts'
import { GateDaemon } from './gate-daemon.ts'
import { FakeEdge } from './testing/fake-edge.ts'
import { SimulatedHardware } from './testing/simulated-hardware.ts'

const CREDENTIAL = `gd_${'R'.repeat(43)}`
const WINDOW_SECONDS = 30
const logger = pino({ level: 'silent' })

/** Polls `check` until it holds; fails the test with `what` after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('GateDaemon across a restart', () => {
  let dir: ReturnType<typeof tempDir>
  let issuer: TestIssuer
  let syncEdge: SyncEdge
  let edge: FakeEdge
  let config: GateConfig
  let daemon: GateDaemon | undefined
  /** How far the edge's clock is ahead of this machine's, ms. */
  let edgeAheadMs = 0

  /** Starts a daemon on the shared data directory, its clock set by the edge. */
  async function startDaemon(): Promise<GateDaemon> {
    syncEdge.serverTimeOffsetMs = edgeAheadMs
    const started = new GateDaemon({
      config,
      logger,
      hardware: new SimulatedHardware(),
      sync: { pollIntervalMs: 200, backoffInitialMs: 50, backoffMaxMs: 200 },
      upload: { minBackoffMs: 50, nudgeDelayMs: 20 },
      flushTimeoutMs: 500,
    })
    daemon = started
    await started.start()
    await until('the cache to be ready', () => started.brain.status.sync.cacheState === 'ready')
    // Only the edge's answer sets the corrected clock the anti-passback memory is kept by.
    await until('the edge clock', () => started.brain.status.clock.offsetMs !== undefined)
    return started
  }

  /** Hands `text` to `lane` as its scanner would and answers the recorded reason. */
  async function decide(running: GateDaemon, lane: number, text: string): Promise<string> {
    const controller = running.lanes.get(lane)
    if (controller === undefined) throw new Error(`no lane ${lane}`)
    const outcome = await controller.handle({
      lane,
      source: 'test',
      text,
      receivedAt: performance.now(),
    })
    return 'event' in outcome ? outcome.event.reason : outcome.kind
  }

  beforeEach(async () => {
    dir = tempDir('gate-restart-')
    issuer = createTestIssuer('greengate-test', 'k1')
    edgeAheadMs = 0
    syncEdge = new SyncEdge({
      credential: CREDENTIAL,
      issuer: issuer.iss,
      jwks: issuer.jwks(),
      policy: { antiPassbackSeconds: WINDOW_SECONDS },
    })
    await syncEdge.start()
    edge = new FakeEdge({
      credential: CREDENTIAL,
      forward: syncEdge.url,
      serverTime: () => Date.now() + edgeAheadMs,
    })
    await edge.start()
    config = await resolveConfig(
      parseConfig({
        edge: { url: edge.url, credential: CREDENTIAL, timeoutMs: 1_000 },
        dataDir: dir.path,
        lanes: [1, 2].map((id) => ({
          id,
          group: 'north',
          sources: [{ type: 'lines' as const, path: 'stdin' }],
          relay: { driver: 'simulated' as const, channel: id, pulseMs: 50 },
        })),
        inputs: { fireAlarm: { driver: 'simulated' } },
        http: { port: 0 },
      }),
      dir.path,
    )
  })

  afterEach(async () => {
    await daemon?.stop()
    daemon = undefined
    await edge.stop()
    await syncEdge.stop()
    dir.remove()
  })

  it('refuses a code passed just before the restart, in the same lane group', async () => {
    const token = issuer.code({ sub: 'Restarted0000001', jti: 'jtiRestart0001' })
    const first = await startDaemon()
    expect(await decide(first, 1, token)).toBe('OK')
    await first.stop()

    const second = await startDaemon()
    expect(await decide(second, 2, token)).toBe('GATE_ANTI_PASSBACK')
    expect(await decide(second, 1, token)).toBe('GATE_ANTI_PASSBACK')
  })

  it('passes the code again once the window has gone by the corrected clock', async () => {
    const token = issuer.code({ sub: 'Restarted0000002', jti: 'jtiRestart0002' })
    const first = await startDaemon()
    expect(await decide(first, 1, token)).toBe('OK')
    await first.stop()

    // The edge says the window is over; this machine's clock has barely moved.
    edgeAheadMs = (WINDOW_SECONDS + 5) * 1000
    const second = await startDaemon()
    expect(await decide(second, 2, token)).toBe('OK')
    expect(await decide(second, 1, token)).toBe('GATE_ANTI_PASSBACK')
  })

  it('forgets nobody else: another person passes at once after the restart', async () => {
    const first = await startDaemon()
    expect(await decide(first, 1, issuer.code({ sub: 'Restarted0000003' }))).toBe('OK')
    await first.stop()

    const second = await startDaemon()
    expect(await decide(second, 1, issuer.code({ sub: 'Restarted0000004' }))).toBe('OK')
  })
})
