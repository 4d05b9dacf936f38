// Heartbeats: one at start, one per interval, the edge's time handed to the clock, failures kept.
import type { Heartbeat } from '@greengate/shared'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EdgeRequestError } from './edge-client.ts'
import { HeartbeatSender } from './heartbeat.ts'

const logger = pino({ level: 'silent' })
const beat: Heartbeat = {
  version: 'test',
  clock: 0,
  feedSeq: 0,
  cacheAgeSeconds: null,
  outboxDepth: 0,
  relays: [],
  fireAlarm: false,
  alarms: [],
}

describe('HeartbeatSender', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('beats at start and then every interval, telling the clock the edge time', async () => {
    const send = vi.fn(async () => ({ serverTime: 1_800_000_000_000 }))
    const onServerTime = vi.fn()
    const sender = new HeartbeatSender({
      intervalMs: 60_000,
      build: () => beat,
      send,
      onServerTime,
      logger,
    })

    sender.start()
    await vi.advanceTimersByTimeAsync(120_000)
    await sender.stop()

    expect(send).toHaveBeenCalledTimes(3)
    expect(onServerTime).toHaveBeenCalledWith(1_800_000_000_000, expect.any(Number))
    expect(sender.status()).toMatchObject({ consecutiveFailures: 0, lastErrorCode: null })
  })

  it('keeps the failure code and tries again at the next interval', async () => {
    let down = true
    const send = vi.fn(async () => {
      if (down) throw new EdgeRequestError('EDGE_UNAUTHORISED', 'no', { status: 401 })
      return { serverTime: 1 }
    })
    const sender = new HeartbeatSender({
      intervalMs: 1_000,
      build: () => beat,
      send,
      onServerTime: () => undefined,
      logger,
    })

    sender.start()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(sender.status()).toMatchObject({
      consecutiveFailures: 2,
      lastErrorCode: 'EDGE_UNAUTHORISED',
    })
    down = false
    await vi.advanceTimersByTimeAsync(1_000)
    await sender.stop()

    expect(sender.status()).toMatchObject({ consecutiveFailures: 0, lastErrorCode: null })
  })
})
