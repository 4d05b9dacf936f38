// The lane's order of work: record durably, then open; release always; faults shown, never thrown.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PassEvent } from '@greengate/shared'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { GateDecision } from '../decide/decision.ts'
import type { LaneFeedback, LaneResult } from '../feedback/lane-result.ts'
import { Outbox } from '../outbox/outbox.ts'
import { OutboxError } from '../outbox/outbox-error.ts'
import { openTestStore } from '../outbox/testing/test-store.ts'
import { LanePulser } from '../relays/lane-pulser.ts'
import type { RelayDriver } from '../relays/relay-driver.ts'
import { RelayError } from '../relays/relay-error.ts'
import { SimulatedRelay } from '../relays/simulated-relay.ts'
import type { Scan } from '../scanners/scan-source.ts'
import type { GateStore } from '../store/gate-store.ts'
import { LaneController, type LaneControllerOptions, type LaneObserver } from './lane-controller.ts'

const logger = pino({ level: 'silent' })
const LANE = 1

function scan(text = 'code'): Scan {
  return { lane: LANE, source: 'test', text, receivedAt: performance.now() }
}

function decision(overrides: Partial<GateDecision> = {}): GateDecision {
  return {
    decision: 'pass',
    reason: 'OK',
    lane: LANE,
    subject: 'Sub0000000000001',
    jti: 'jti000000001',
    at: 1_796_000_000_000,
    latencyMs: 0.1,
    staleAlarm: false,
    ...overrides,
  }
}

const refusal = (reason: GateDecision['reason'] = 'CODE_EXPIRED') =>
  decision({ decision: 'refuse', reason })

/** Remembers, at the moment each open is written, which records the outbox holds. */
class OutboxCheckingRelay implements RelayDriver {
  readonly name = 'outbox-checking-relay'
  readonly onDiskAtOpen: string[][] = []
  readonly #inner = new SimulatedRelay({ channels: 2 })
  readonly #outbox: Outbox

  constructor(outbox: Outbox) {
    this.#outbox = outbox
  }

  get inner(): SimulatedRelay {
    return this.#inner
  }

  start(): Promise<void> {
    return this.#inner.start()
  }

  stop(): Promise<void> {
    return this.#inner.stop()
  }

  async set(channel: number, energised: boolean): Promise<void> {
    if (energised) this.onDiskAtOpen.push(this.#outbox.pending(100).map((event) => event.id))
    return this.#inner.set(channel, energised)
  }
}

class RecordingFeedback implements LaneFeedback {
  readonly name = 'recording'
  readonly shown: LaneResult[] = []
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  show(result: LaneResult): void {
    this.shown.push(result)
  }
}

function observer(): LaneObserver & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    decided: (d) => calls.push(`decided:${d.reason}`),
    recordFailed: (_lane, code) => calls.push(`recordFailed:${code}`),
    openDropped: (_lane, reason) => calls.push(`openDropped:${reason}`),
  }
}

describe('LaneController', () => {
  let dir: string
  let store: GateStore
  let outbox: Outbox
  let relay: OutboxCheckingRelay
  let pulser: LanePulser
  let feedback: RecordingFeedback
  let seen: ReturnType<typeof observer>

  const controller = (options: Partial<LaneControllerOptions> = {}) => {
    const lane = new LaneController({
      lane: LANE,
      decide: () => decision(),
      record: (event) => outbox.record(event),
      open: (id, at) => pulser.pulse(id, at),
      feedback: [feedback],
      observer: seen,
      logger,
      ...options,
    })
    lane.start()
    return lane
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gate-lane-'))
    store = openTestStore(join(dir, 'gate.db'))
    outbox = new Outbox({ store, maxRows: 1_000, maxBytes: 1e7, alarmAtFraction: 0.8, logger })
    outbox.start()
    relay = new OutboxCheckingRelay(outbox)
    pulser = new LanePulser({
      driver: relay,
      lanes: [{ lane: LANE, channel: 1 }],
      pulseMs: 50,
      deadlineMs: 1_000,
      logger,
    })
    await pulser.start()
    feedback = new RecordingFeedback()
    seen = observer()
  })
  afterEach(async () => {
    vi.useRealTimers()
    await pulser.stop()
    outbox.stop()
    store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('writes the pass record before the relay moves', async () => {
    const outcome = await controller().handle(scan())

    expect(outcome.kind).toBe('opened')
    const id = outcome.kind === 'opened' ? outcome.event.id : ''
    expect(relay.onDiskAtOpen).toEqual([[id]])
  })

  it('keeps the lane shut when the record cannot be written', async () => {
    const lane = controller({
      record: () => {
        throw new OutboxError('OUTBOX_FULL', 'full')
      },
    })

    const outcome = await lane.handle(scan())

    expect(outcome).toMatchObject({ kind: 'not-recorded', code: 'OUTBOX_FULL' })
    expect(relay.inner.transitions).toEqual([])
    expect(feedback.shown).toEqual([
      expect.objectContaining({ verdict: 'fault', reason: 'GATE_OUTBOX_FULL' }),
    ])
    expect(seen.calls).toEqual(['recordFailed:OUTBOX_FULL'])
  })

  it('records a refusal and leaves the relay alone', async () => {
    const outcome = await controller({ decide: () => refusal('CODE_REVOKED') }).handle(scan())

    expect(outcome.kind).toBe('refused')
    expect(outbox.pending(10)).toEqual([
      expect.objectContaining({ decision: 'refuse', reason: 'CODE_REVOKED' }),
    ])
    expect(relay.inner.transitions).toEqual([])
    expect(feedback.shown).toEqual([
      expect.objectContaining({ verdict: 'refuse', reason: 'CODE_REVOKED' }),
    ])
  })

  it('releases the relay once the pulse is over', async () => {
    vi.useFakeTimers()
    const outcome = await controller().handle(scan())
    expect(outcome.kind).toBe('opened')
    expect(relay.inner.isEnergised(1)).toBe(true)

    await vi.advanceTimersByTimeAsync(49)
    expect(relay.inner.isEnergised(1)).toBe(true)
    await vi.advanceTimersByTimeAsync(1)

    expect(relay.inner.isEnergised(1)).toBe(false)
  })

  it('releases the relay when stopped in the middle of a pulse', async () => {
    await controller().handle(scan())
    expect(relay.inner.isEnergised(1)).toBe(true)

    await pulser.stop()

    expect(relay.inner.isEnergised(1)).toBe(false)
    expect(relay.inner.transitions.map((t) => t.energised)).toEqual([true, false])
  })

  it('tells the person to see staff when a recorded pass could not open the lane', async () => {
    relay.inner.failWith(new RelayError('RELAY_TIMEOUT', 'no answer'))

    const outcome = await controller().handle(scan())

    expect(outcome).toMatchObject({
      kind: 'open-failed',
      pulse: { outcome: 'dropped', reason: 'driver_failed' },
    })
    expect(outbox.pending(10)).toEqual([expect.objectContaining({ decision: 'pass' })])
    expect(feedback.shown).toEqual([
      expect.objectContaining({ verdict: 'fault', reason: 'GATE_RELAY_FAILED' }),
    ])
    expect(seen.calls).toEqual(['openDropped:driver_failed'])
    relay.inner.failWith(undefined)
  })

  it('records only the shared pass-event fields, never the name or colour', async () => {
    const lane = controller({ decide: () => decision({ nameMasked: '张*明', colour: 'green' }) })

    await lane.handle(scan())

    const [event] = outbox.pending(10) as [PassEvent]
    expect(Object.keys(event).sort()).toEqual([
      'at',
      'decision',
      'id',
      'jti',
      'lane',
      'reason',
      'subject',
    ])
    expect(feedback.shown[0]?.nameMasked).toBe('张*明')
  })

  it('gives every decision its own id, so uploads are idempotent', async () => {
    const lane = controller({ decide: () => refusal() })

    await lane.handle(scan())
    await lane.handle(scan())

    const ids = outbox.pending(10).map((event) => event.id)
    expect(new Set(ids).size).toBe(2)
    ids.forEach((id) => expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/))
  })

  it('survives a decider that throws, and keeps serving the lane', async () => {
    let calls = 0
    const lane = controller({
      decide: () => {
        calls += 1
        if (calls === 1) throw new Error('bug')
        return refusal()
      },
    })

    expect(await lane.handle(scan())).toEqual({ kind: 'ignored' })
    expect(await lane.handle(scan())).toMatchObject({ kind: 'refused' })
  })

  it('takes no scans after stop, and waits for those in flight', async () => {
    const lane = controller()
    const inFlight = lane.handle(scan())

    await lane.stop()

    expect((await inFlight).kind).toBe('opened')
    expect(await lane.handle(scan())).toEqual({ kind: 'ignored' })
  })
})
