// Pulse timing, deadlines, releases and the fire-alarm hold, on fake timers.
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { LanePulser, type LanePulserOptions } from './lane-pulser.ts'
import { RelayError } from './relay-error.ts'
import { SimulatedRelay } from './simulated-relay.ts'

const logger = pino({ level: 'silent' })
const boardDown = new RelayError('RELAY_TIMEOUT', 'no modbus reply')

let relay: SimulatedRelay
let pulser: LanePulser

async function startPulser(latencyMs = 0, options: Partial<LanePulserOptions> = {}) {
  relay = new SimulatedRelay({ channels: 3, latencyMs })
  pulser = new LanePulser({
    driver: relay,
    lanes: [
      { lane: 1, channel: 1 },
      { lane: 2, channel: 3 },
    ],
    pulseMs: 1000,
    deadlineMs: 200,
    retryMs: 100,
    logger,
    ...options,
  })
  await pulser.start()
}

function oneLanePulser(driver: SimulatedRelay): LanePulser {
  const lanes = [{ lane: 1, channel: 1 }]
  return new LanePulser({ driver, lanes, pulseMs: 1, deadlineMs: 1, logger })
}

const energised = () => [1, 2, 3].filter((channel) => relay.isEnergised(channel))

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(async () => {
  const stopped = pulser.stop()
  await vi.runAllTimersAsync()
  await stopped
  vi.useRealTimers()
})

describe('pulse', () => {
  test('energises the lane channel and releases it pulseMs later', async () => {
    await startPulser()

    await expect(pulser.pulse(2)).resolves.toMatchObject({ outcome: 'opened', extended: false })
    expect(energised()).toEqual([3])

    await vi.advanceTimersByTimeAsync(999)
    expect(energised()).toEqual([3])
    await vi.advanceTimersByTimeAsync(1)
    expect(energised()).toEqual([])
  })

  test('lengthens an open lane instead of toggling it', async () => {
    await startPulser()
    await pulser.pulse(1)
    await vi.advanceTimersByTimeAsync(600)

    await expect(pulser.pulse(1)).resolves.toMatchObject({ outcome: 'opened', extended: true })
    await vi.advanceTimersByTimeAsync(999)
    expect(energised()).toEqual([1])
    await vi.advanceTimersByTimeAsync(1)

    expect(energised()).toEqual([])
    expect(relay.transitions.map((t) => [t.channel, t.energised])).toEqual([
      [1, true],
      [1, false],
    ])
  })

  test('drops an open that waited past its deadline, without ever sending it', async () => {
    await startPulser(100)
    const first = pulser.pulse(1)
    const second = pulser.pulse(2, performance.now() - 150)

    await vi.advanceTimersByTimeAsync(100)

    await expect(first).resolves.toMatchObject({ outcome: 'opened' })
    await expect(second).resolves.toEqual({
      outcome: 'dropped',
      lane: 2,
      reason: 'deadline',
      sent: false,
    })
    await vi.advanceTimersByTimeAsync(5000)
    expect(relay.transitions.some((t) => t.channel === 3)).toBe(false)
  })

  test('answers at the deadline when the board is slow, and releases once it lands', async () => {
    await startPulser(500)
    const result = pulser.pulse(1)
    let answeredAt: number | undefined
    void result.then(() => (answeredAt = performance.now()))
    const startedAt = performance.now()

    await vi.advanceTimersByTimeAsync(200)

    expect(answeredAt).toBe(startedAt + 200)
    await expect(result).resolves.toMatchObject({ outcome: 'dropped', sent: true })
    await vi.advanceTimersByTimeAsync(800)
    expect(energised()).toEqual([])
    expect(relay.transitions.map((t) => [t.energised, t.at - startedAt])).toEqual([
      [true, 500],
      [false, 1000],
    ])
  })

  test('counts the deadline from the moment the scan was read, not from the call', async () => {
    await startPulser()
    const readAt = performance.now()
    await vi.advanceTimersByTimeAsync(250)

    await expect(pulser.pulse(1, readAt)).resolves.toMatchObject({ reason: 'deadline' })
    expect(relay.transitions).toEqual([])
  })

  test('releases the lane after an open that failed, and says why it failed', async () => {
    await startPulser()
    relay.failWith(boardDown, 1)

    await expect(pulser.pulse(1)).resolves.toEqual({
      outcome: 'dropped',
      lane: 1,
      reason: 'driver_failed',
      sent: true,
      code: 'RELAY_TIMEOUT',
    })
    expect(pulser.status().lanes[0]).toMatchObject({ energised: false })
  })

  test('retries a failed release until the board takes it', async () => {
    await startPulser()
    await pulser.pulse(1)
    relay.failWith(boardDown, 2)

    await vi.advanceTimersByTimeAsync(1000)
    expect(pulser.status().lanes[0]).toMatchObject({
      energised: 'unknown',
      lastErrorCode: 'RELAY_TIMEOUT',
    })
    await vi.advanceTimersByTimeAsync(100)
    expect(energised()).toEqual([1])
    await vi.advanceTimersByTimeAsync(100)

    expect(energised()).toEqual([])
    expect(pulser.status().lanes[0]).toEqual({ lane: 1, channel: 1, energised: false, since: 1200 })
  })

  test('drops unknown lanes, and everything before start', async () => {
    relay = new SimulatedRelay({ channels: 1 })
    pulser = oneLanePulser(relay)

    await expect(pulser.pulse(1)).resolves.toMatchObject({ reason: 'stopped', sent: false })
    await pulser.start()
    await expect(pulser.pulse(9)).resolves.toMatchObject({ reason: 'unknown_lane' })
  })
})

describe('hold open', () => {
  test('keeps every lane energised until released, whatever pulses ask', async () => {
    await startPulser()

    await expect(pulser.holdOpen()).resolves.toEqual([])
    await expect(pulser.pulse(1)).resolves.toEqual({ outcome: 'held', lane: 1 })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(energised()).toEqual([1, 3])
    expect(pulser.status().held).toBe(true)

    await pulser.releaseHold()
    expect(energised()).toEqual([])
  })

  test('cancels the release of a pulse that was running when the hold began', async () => {
    await startPulser()
    await pulser.pulse(1)

    await pulser.holdOpen()
    await vi.advanceTimersByTimeAsync(5000)

    expect(energised()).toEqual([1, 3])
  })

  test('keeps retrying a lane the board refused until it is open', async () => {
    await startPulser()
    relay.failWith(boardDown, 2)

    await expect(pulser.holdOpen()).resolves.toEqual([1, 2])
    await vi.advanceTimersByTimeAsync(100)

    expect(energised()).toEqual([1, 3])
  })

  test('begins as soon as the driver starts when asked before start', async () => {
    relay = new SimulatedRelay({ channels: 1 })
    pulser = oneLanePulser(relay)

    await pulser.holdOpen()
    await pulser.start()

    expect(relay.isEnergised(1)).toBe(true)
  })
})

describe('stop', () => {
  test('releases every channel through the driver even while held', async () => {
    await startPulser(50)
    const holding = pulser.holdOpen()
    await vi.advanceTimersByTimeAsync(100)
    await holding
    const queued = pulser.pulse(1)

    const stopped = pulser.stop()
    await vi.advanceTimersByTimeAsync(1000)
    await stopped

    await expect(queued).resolves.toMatchObject({ outcome: 'dropped', reason: 'stopped' })
    expect(energised()).toEqual([])
    expect(pulser.status()).toMatchObject({ started: false, held: false })
  })

  test('drops an open queued behind a slow command when stop begins', async () => {
    await startPulser(50)
    const first = pulser.pulse(1)
    const second = pulser.pulse(2)
    await vi.advanceTimersByTimeAsync(10)

    const stopped = pulser.stop()
    await vi.advanceTimersByTimeAsync(1000)
    await stopped

    await expect(first).resolves.toMatchObject({ outcome: 'opened' })
    await expect(second).resolves.toMatchObject({ outcome: 'dropped', reason: 'stopped' })
    expect(energised()).toEqual([])
  })
})

test('refuses two lanes on one channel', () => {
  const make = () =>
    new LanePulser({
      driver: new SimulatedRelay({ channels: 2 }),
      lanes: [
        { lane: 1, channel: 1 },
        { lane: 2, channel: 1 },
      ],
      pulseMs: 500,
      deadlineMs: 200,
      logger,
    })

  expect(make).toThrow(expect.objectContaining({ code: 'RELAY_CONFIG_INVALID' }))
})
