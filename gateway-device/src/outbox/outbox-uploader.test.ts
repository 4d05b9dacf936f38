// Uploads against a fake edge on 127.0.0.1: exactly once, through crashes and lost answers.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PassEventBatch, PassEventReceipt } from '@greengate/shared'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EdgeClient, EdgeRequestError } from '../daemon/edge-client.ts'
import { FakeEdge } from '../daemon/testing/fake-edge.ts'
import { OutboxUploader, type OutboxUploaderOptions } from './outbox-uploader.ts'
import type { GateStore } from '../store/gate-store.ts'
import { Outbox } from './outbox.ts'
import { passEvent, refusal } from './testing/pass-events.ts'
import { openTestStore } from './testing/test-store.ts'

const logger = pino({ level: 'silent' })
const CREDENTIAL = `gd_${'B'.repeat(43)}`

describe('OutboxUploader with an edge', () => {
  let dir: string
  let edge: FakeEdge
  let outboxes: { outbox: Outbox; store: GateStore }[]

  const openOutbox = () => {
    const store = openTestStore(join(dir, 'gate.db'))
    const outbox = new Outbox({
      store,
      maxRows: 10_000,
      maxBytes: 1e8,
      alarmAtFraction: 0.8,
      logger,
    })
    outbox.start()
    outboxes.push({ outbox, store })
    return outbox
  }

  const closeAll = () => {
    for (const { outbox, store } of outboxes.splice(0)) {
      outbox.stop()
      store.close()
    }
  }

  const uploaderFor = (outbox: Outbox, options: Partial<OutboxUploaderOptions> = {}) => {
    const client = new EdgeClient({
      url: edge.url,
      credential: CREDENTIAL,
      timeoutMs: 2_000,
      version: 'test',
    })
    return new OutboxUploader({
      outbox,
      send: (batch) => client.postPassEvents(batch),
      classify: (err) =>
        err instanceof EdgeRequestError && err.code === 'EDGE_REJECTED' ? 'split' : 'retry',
      batchSize: 1_000,
      intervalMs: 60_000,
      maxBackoffMs: 60_000,
      logger,
      ...options,
    })
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gate-upload-'))
    edge = new FakeEdge({ credential: CREDENTIAL })
    await edge.start()
    outboxes = []
  })
  afterEach(async () => {
    closeAll()
    await edge.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('uploads records left by a crash exactly once after reopening', async () => {
    const before = openOutbox()
    const events = Array.from({ length: 1_200 }, (_, i) => (i % 3 === 0 ? refusal() : passEvent()))
    for (const event of events) before.record(event)
    closeAll() // the "crash": closed with nothing uploaded

    const after = openOutbox()
    expect(await uploaderFor(after).flush(5_000)).toBe(true)

    expect(edge.stored.map((event) => event.id)).toEqual(events.map((event) => event.id))
    expect([...edge.received.values()].every((count) => count === 1)).toBe(true)
    expect(edge.batchSizes).toEqual([1_000, 200])
    expect(after.state().rows).toBe(0)
  })

  it('resends a batch whose answer was lost with the same ids: nothing stored twice', async () => {
    const outbox = openOutbox()
    const events = Array.from({ length: 20 }, () => passEvent())
    for (const event of events) outbox.record(event)
    edge.loseAnswers = 1
    const uploader = uploaderFor(outbox)

    expect(await uploader.flush(5_000)).toBe(false)
    expect(outbox.state().rows).toBe(20)
    expect(await uploader.flush(5_000)).toBe(true)

    expect(edge.stored).toHaveLength(20)
    expect([...edge.received.values()]).toEqual(Array(20).fill(2))
    expect(uploader.status()).toMatchObject({ uploaded: 20, duplicates: 20 })
  })

  it('re-sends, and duplicates nothing, after a crash between upload and marking', async () => {
    const before = openOutbox()
    const events = Array.from({ length: 5 }, () => passEvent())
    for (const event of events) before.record(event)
    const client = new EdgeClient({
      url: edge.url,
      credential: CREDENTIAL,
      timeoutMs: 2_000,
      version: 'test',
    })
    await client.postPassEvents({ events: before.pending(1_000) })
    closeAll() // died before markUploaded

    await uploaderFor(openOutbox()).flush(5_000)

    expect(edge.stored.map((event) => event.id)).toEqual(events.map((event) => event.id))
  })

  it('sets aside the one record the edge refuses and uploads the rest', async () => {
    const outbox = openOutbox()
    const events = Array.from({ length: 9 }, () => passEvent())
    for (const event of events) outbox.record(event)
    const bad = events[4]?.id as string
    edge.rejectIds.add(bad)
    const uploader = uploaderFor(outbox)

    expect(await uploader.flush(5_000)).toBe(true)

    expect(edge.stored.map((event) => event.id)).toEqual(
      events.map((e) => e.id).filter((id) => id !== bad),
    )
    expect(outbox.state()).toMatchObject({ rows: 1, rejected: 1 })
    expect(uploader.status().rejected).toBe(1)
  })

  it('keeps everything while the credential is refused', async () => {
    const outbox = openOutbox()
    outbox.record(passEvent())
    const client = new EdgeClient({
      url: edge.url,
      credential: `gd_${'C'.repeat(43)}`,
      timeoutMs: 2_000,
      version: 't',
    })
    const uploader = new OutboxUploader({
      outbox,
      send: (batch) => client.postPassEvents(batch),
      batchSize: 1_000,
      intervalMs: 60_000,
      maxBackoffMs: 60_000,
      logger,
    })

    expect(await uploader.flush(5_000)).toBe(false)

    expect(outbox.state().rows).toBe(1)
    expect(uploader.status()).toMatchObject({
      lastErrorCode: 'EDGE_UNAUTHORISED',
      consecutiveFailures: 1,
    })
  })
})

describe('OutboxUploader scheduling', () => {
  const receipt = (batch: PassEventBatch): PassEventReceipt => ({
    accepted: batch.events.length,
    duplicates: 0,
  })

  function memoryOutbox(count: number) {
    let events = Array.from({ length: count }, () => passEvent())
    return {
      add: () => events.push(passEvent()),
      size: () => events.length,
      pending: (limit: number) => events.slice(0, limit),
      markUploaded: (ids: readonly string[]) => {
        const before = events.length
        events = events.filter((event) => !ids.includes(event.id))
        return before - events.length
      },
      markRejected: () => undefined,
    }
  }

  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('backs off exponentially while the edge is down, up to the ceiling', async () => {
    const outbox = memoryOutbox(3)
    const callTimes: number[] = []
    const send = vi.fn(async (): Promise<PassEventReceipt> => {
      callTimes.push(Date.now())
      throw new EdgeRequestError('EDGE_UNREACHABLE', 'down')
    })
    const uploader = new OutboxUploader({
      outbox,
      send,
      batchSize: 1_000,
      intervalMs: 10_000,
      minBackoffMs: 1_000,
      maxBackoffMs: 8_000,
      random: () => 0.999_999, // no jitter: the waits are the ceilings
      logger,
    })

    const start = Date.now()
    uploader.start()
    await vi.advanceTimersByTimeAsync(40_000)
    await uploader.stop()

    const gaps = callTimes.map((t, i) => t - (callTimes[i - 1] ?? start))
    expect(gaps.slice(0, 6)).toEqual([0, 1_000, 2_000, 4_000, 8_000, 8_000])
    expect(outbox.size()).toBe(3)
  })

  it('uploads soon after a nudge, and waits the interval otherwise', async () => {
    const outbox = memoryOutbox(0)
    const send = vi.fn(async (batch: PassEventBatch) => receipt(batch))
    const uploader = new OutboxUploader({
      outbox,
      send,
      batchSize: 1_000,
      intervalMs: 10_000,
      maxBackoffMs: 60_000,
      nudgeDelayMs: 200,
      logger,
    })
    uploader.start()
    await vi.advanceTimersByTimeAsync(1)

    outbox.add()
    outbox.add()
    uploader.nudge()
    uploader.nudge()
    await vi.advanceTimersByTimeAsync(199)
    expect(send).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)

    expect(send).toHaveBeenCalledTimes(1)
    expect(send.mock.calls[0]?.[0].events).toHaveLength(2)
    expect(outbox.size()).toBe(0)
    await uploader.stop()
  })

  it('after a recovery, resets the backoff', async () => {
    const outbox = memoryOutbox(1)
    let down = true
    const send = vi.fn(async (batch: PassEventBatch) => {
      if (down) throw new EdgeRequestError('EDGE_UNAVAILABLE', 'down', { status: 503 })
      return receipt(batch)
    })
    const uploader = new OutboxUploader({
      outbox,
      send,
      batchSize: 1_000,
      intervalMs: 10_000,
      minBackoffMs: 1_000,
      maxBackoffMs: 60_000,
      random: () => 0.999_999,
      logger,
    })
    uploader.start()
    await vi.advanceTimersByTimeAsync(7_001) // failures at 0, 1 s, 3 s, 7 s
    expect(uploader.status().consecutiveFailures).toBe(4)

    down = false
    await vi.advanceTimersByTimeAsync(8_000)

    expect(outbox.size()).toBe(0)
    expect(uploader.status()).toMatchObject({
      consecutiveFailures: 0,
      lastErrorCode: 'EDGE_UNAVAILABLE',
    })
    await uploader.stop()
  })
})
