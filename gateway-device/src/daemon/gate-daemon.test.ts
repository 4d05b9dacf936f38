// The whole daemon on simulated hardware against a fake edge on 127.0.0.1.
import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig, resolveConfig, type GateConfigInput } from '../config/index.ts'
import { createTestIssuer, type TestIssuer } from '../decide/testing/code-signer.ts'
import { tempDir } from '../store/testing/temp-dir.ts'
import { FakeEdge as SyncEdge } from '../sync/testing/fake-edge.ts'
import { GateDaemon } from './gate-daemon.ts'
import { FakeEdge } from './testing/fake-edge.ts'
import { SimulatedHardware } from './testing/simulated-hardware.ts'

const CREDENTIAL = `gd_${'D'.repeat(43)}`
const logger = pino({ level: 'silent' })

/** Polls `check` until it holds; fails the test with `what` after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('GateDaemon', () => {
  let dir: ReturnType<typeof tempDir>
  let issuer: TestIssuer
  let syncEdge: SyncEdge
  let edge: FakeEdge
  let hardware: SimulatedHardware
  let daemon: GateDaemon
  let base: string
  let subjects = 0

  /** A fresh code for a new person (or `sub`), with its own jti. */
  const code = (claims: { sub?: string; nm?: string; exp?: number; iat?: number } = {}) =>
    issuer.code({
      sub: `Person${String(++subjects).padStart(8, '0')}`,
      jti: randomBytes(9).toString('base64url'),
      ...claims,
    })

  const decisions = (lane: number, decision: 'pass' | 'refuse', reason: string) =>
    daemon.metrics.decisions.get({ lane, decision, reason })

  const relayOn = (lane: number) => {
    const { relay, channel } = hardware.relayOf(lane)
    return relay.isEnergised(channel)
  }

  beforeEach(async () => {
    dir = tempDir('gate-daemon-')
    issuer = createTestIssuer('greengate-test', 'k1')
    syncEdge = new SyncEdge({
      credential: CREDENTIAL,
      issuer: issuer.iss,
      jwks: issuer.jwks(),
      policy: { staffed: true, antiPassbackSeconds: 30 },
    })
    await syncEdge.start()
    edge = new FakeEdge({ credential: CREDENTIAL, forward: syncEdge.url })
    await edge.start()
    hardware = new SimulatedHardware()

    const input: GateConfigInput = {
      edge: { url: edge.url, credential: CREDENTIAL, timeoutMs: 1_000 },
      dataDir: dir.path,
      lanes: [1, 2].map((id) => ({
        id,
        group: 'north',
        sources: [{ type: 'lines' as const, path: 'stdin' }],
        relay: { driver: 'simulated' as const, channel: id, pulseMs: 100 },
        feedback: ['log' as const, 'screen' as const],
      })),
      inputs: {
        fireAlarm: { driver: 'simulated' },
        passageSensors: [{ driver: 'simulated', lane: 1 }],
      },
      http: { port: 0 },
    }
    const config = await resolveConfig(parseConfig(input), dir.path)
    daemon = new GateDaemon({
      config,
      logger,
      hardware,
      sync: { pollIntervalMs: 200, backoffInitialMs: 50, backoffMaxMs: 200 },
      upload: { minBackoffMs: 50, nudgeDelayMs: 20 },
      flushTimeoutMs: 1_000,
    })
    await daemon.start()
    base = `http://127.0.0.1:${daemon.http.port}`
    await until('the cache to be ready', () => daemon.brain.status.sync.cacheState === 'ready')
  })

  afterEach(async () => {
    await daemon.stop()
    await edge.stop()
    await syncEdge.stop()
    dir.remove()
  })

  it('opens the lane for a fresh green code, releases it, uploads the record once', async () => {
    hardware.scan(1, code({ nm: '张*明' }))

    const moves = () =>
      hardware.relayOf(1).relay.transitions.map((t) => `${t.channel}:${t.energised}`)
    await until('the relay to open and be released', () => moves().length === 2)
    expect(moves()).toEqual(['1:true', '1:false'])
    await until('the upload', () => edge.stored.length === 1)

    expect(edge.stored[0]).toMatchObject({ lane: 1, decision: 'pass', reason: 'OK' })
    expect(edge.stored[0]).not.toHaveProperty('nm')
    expect(daemon.screen.latest(1)).toMatchObject({ verdict: 'pass', nameMasked: '张*明' })
    expect(relayOn(2)).toBe(false)
    await until('the outbox to empty', () => daemon.outbox.state().rows === 0)
  })

  it('refuses the same person again within the lane group, on the other lane too', async () => {
    const sub = 'Repeater00000001'
    hardware.scan(1, code({ sub }))
    await until('the first pass', () => decisions(1, 'pass', 'OK') === 1)

    hardware.scan(2, code({ sub }))
    await until('the second decision', () => decisions(2, 'refuse', 'GATE_ANTI_PASSBACK') === 1)

    expect(hardware.relayOf(2).relay.transitions.filter((t) => t.channel === 2)).toEqual([])
  })

  it('refuses a revoked person within seconds, without restarting anything', async () => {
    const sub = 'Revoked000000001'
    syncEdge.append([
      { kind: 'subject_revoked', subject: sub, revokedThrough: Math.floor(Date.now() / 1000) },
    ])
    await until('the revocation to arrive', () => daemon.brain.status.sync.feedSeq === 1)

    hardware.scan(1, code({ sub }))

    await until('the refusal', () => decisions(1, 'refuse', 'CODE_REVOKED') === 1)
    expect(relayOn(1)).toBe(false)
  })

  it('survives garbage on the scanner and still opens for the next good code', async () => {
    const forged = code().replace(/.{4}$/, 'AAAA')
    const expired = code({
      iat: Math.floor(Date.now() / 1000) - 900,
      exp: Math.floor(Date.now() / 1000) - 600,
    })
    hardware.scan(1, randomBytes(65_536))
    hardware.scan(1, Buffer.from([0xff, 0xfe, 0x41, 0x0d, 0x0a]))
    hardware.scan(1, 'x'.repeat(20_000))
    hardware.scan(1, 'https://example.com/pay?id=1')
    hardware.scan(1, forged)
    hardware.scan(1, expired)
    await until('the garbage to be refused', () => decisions(1, 'refuse', 'CODE_EXPIRED') === 1)

    hardware.scan(1, code())

    await until('the good code to open the lane', () => decisions(1, 'pass', 'OK') === 1)
    expect(decisions(1, 'refuse', 'SCAN_TOO_LONG')).toBeGreaterThanOrEqual(1)
    expect(decisions(1, 'refuse', 'SCAN_NOT_UTF8')).toBeGreaterThanOrEqual(1)
    expect(decisions(1, 'refuse', 'CODE_NOT_A_CODE')).toBeGreaterThanOrEqual(1)
    expect(decisions(1, 'refuse', 'CODE_BAD_SIGNATURE')).toBe(1)
    expect(daemon.state).toBe('running')
    expect((await fetch(`${base}/health`)).status).toBe(200)
  })

  it('holds every lane open on a fire alarm, latched until acknowledged', async () => {
    const contact = hardware.inputs.get('fire-alarm')
    const ack = () => fetch(`${base}/fire-alarm/ack`, { method: 'POST' })

    contact?.set(true)
    await until('every lane to open', () => relayOn(1) && relayOn(2))
    expect((await ack()).status).toBe(409)

    contact?.set(false)
    hardware.scan(1, 'not a code')
    await until('the refusal', () => decisions(1, 'refuse', 'CODE_NOT_A_CODE') === 1)
    await pause(300) // longer than a pulse: nothing may close the lanes but the acknowledgement
    expect(relayOn(1) && relayOn(2)).toBe(true)
    await until('the screen to show the alarm', () => daemon.screen.state.fireAlarm)

    const answer = await ack()

    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ outcome: 'acknowledged' })
    await until('every lane to close', () => !relayOn(1) && !relayOn(2))
    const status = (await (await fetch(`${base}/status`)).json()) as {
      fireAlarm: { latched: boolean }
    }
    expect(status.fireAlarm.latched).toBe(false)
  })

  it('counts real passages from the passage sensor', async () => {
    const sensor = hardware.inputs.get('passage:1')
    sensor?.set(true)
    await pause(80)
    sensor?.set(false)

    expect(daemon.metrics.passages.get({ lane: 1 })).toBe(1)
    expect(await (await fetch(`${base}/metrics`)).text()).toContain(
      'greengate_passages_total{lane="1"} 1',
    )
  })

  it('reports sync, outbox, relays, alarm and lanes on /status; counts on /metrics', async () => {
    hardware.scan(2, 'https://example.com')
    hardware.scan(1, code())
    await until(
      'two decisions',
      () => decisions(1, 'pass', 'OK') + decisions(2, 'refuse', 'CODE_NOT_A_CODE') === 2,
    )

    const status = (await (await fetch(`${base}/status`)).json()) as Record<string, unknown>
    const metrics = await (await fetch(`${base}/metrics`)).text()

    expect(status).toMatchObject({
      state: 'running',
      sync: { cacheState: 'ready', feedSeq: 0, lagEntries: 0 },
      staleness: { stale: false, offlineMode: 'refuse', refusingAll: false },
      outbox: { rejected: 0 },
      fireAlarm: { latched: false },
      lanes: [
        { id: 1, group: 'north', sources: ['test-scanner:1'], passages: 0 },
        { id: 2, group: 'north', lastResult: { verdict: 'refuse', reason: 'CODE_NOT_A_CODE' } },
      ],
      alarms: [],
    })
    expect(status.relays).toEqual([expect.objectContaining({ started: true, held: false })])
    expect(metrics).toContain('greengate_decisions_total{lane="1",decision="pass",reason="OK"} 1')
    expect(metrics).toContain(
      'greengate_decisions_total{lane="2",decision="refuse",reason="CODE_NOT_A_CODE"} 1',
    )
    expect(metrics).toMatch(/greengate_decision_latency_seconds_count\{decision="pass"\} 1/)
    expect(metrics).toMatch(/greengate_cache_age_seconds \d/)
    expect(metrics).toContain('greengate_feed_seq 0')
    expect(metrics).toMatch(/greengate_outbox_depth \d/)
  })

  it('keeps deciding from its cache with the edge down, then uploads everything', async () => {
    edge.unavailable = true
    syncEdge.failWith = 503
    const codes = [code(), code(), code()]
    for (const [i, text] of codes.entries()) hardware.scan(i % 2 === 0 ? 1 : 2, text)
    await until('three passes', () => decisions(1, 'pass', 'OK') + decisions(2, 'pass', 'OK') === 3)
    await until('a failed upload', () => daemon.uploader.status().consecutiveFailures > 0)
    expect(daemon.outbox.state().rows).toBe(3)

    edge.unavailable = false
    syncEdge.failWith = undefined

    // The edge has them once the gate has its answer: only then is the outbox empty.
    await until('the outbox to empty', () => daemon.outbox.state().rows === 0)
    expect(edge.stored).toHaveLength(3)
    expect([...edge.received.values()]).toEqual([1, 1, 1])
  })

  it('sends heartbeats the edge accepts', async () => {
    await until('a heartbeat', () => edge.heartbeats.length > 0)

    expect(edge.heartbeats[0]).toMatchObject({
      fireAlarm: false,
      relays: [{ lane: 1 }, { lane: 2 }],
    })
    expect(daemon.brain.status.clock.trusted).toBe(true)
  })

  it('on shutdown releases every relay, even held ones, and flushes the outbox', async () => {
    edge.unavailable = true
    hardware.scan(1, 'garbage')
    await until('the refusal', () => daemon.outbox.state().rows === 1)
    hardware.inputs.get('fire-alarm')?.set(true)
    await until('every lane to open', () => relayOn(1) && relayOn(2))
    edge.unavailable = false

    await daemon.stop()

    expect(relayOn(1) || relayOn(2)).toBe(false)
    expect(edge.stored).toHaveLength(1)
    expect(daemon.state).toBe('stopped')
  })
})
