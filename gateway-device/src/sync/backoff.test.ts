import { join } from 'node:path'
import { checkpointPolicySchema, type DeviceConfig } from '@greengate/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { GateClock } from '../clock/clock.ts'
import { GateStore } from '../store/gate-store.ts'
import { KeyCache } from '../store/key-cache.ts'
import { RevocationCache } from '../store/revocation-cache.ts'
import { tempDir } from '../store/testing/temp-dir.ts'
import { backoffDelay } from './backoff.ts'
import { FeedSync } from './feed-sync.ts'

function configAnswer(pollSeconds: number): DeviceConfig {
  return {
    deviceId: 'd1',
    deviceName: 'gate',
    checkpoint: { id: 'c1', name: 'station', policy: checkpointPolicySchema.parse({}) },
    issuer: 'gg',
    jwksPath: '/.well-known/jwks.json',
    skewSeconds: 30,
    serverTime: Date.now(),
    feed: { pollSeconds, livePath: '/device/feed/live', liveProtocol: 'greengate-feed' },
  }
}

describe('backoffDelay', () => {
  it('doubles from the first wait up to the longest, keeping at least half of it', () => {
    const low = { initialMs: 1_000, maxMs: 8_000, random: () => 0 }
    const high = { ...low, random: () => 0.999_999 }
    expect([1, 2, 3, 4, 5, 50].map((f) => backoffDelay(f, low))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000, 4_000,
    ])
    expect([1, 2, 3, 4, 5].map((f) => backoffDelay(f, high))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ])
  })

  it('spreads retries between half and all of the wait', () => {
    const waits = new Set(
      Array.from({ length: 50 }, () => backoffDelay(3, { initialMs: 1_000, maxMs: 60_000 })),
    )
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(2_000)
      expect(wait).toBeLessThanOrEqual(4_000)
    }
    expect(waits.size).toBeGreaterThan(1)
  })
})

describe('FeedSync timing, on fake timers', () => {
  const cleanup: (() => void | Promise<void>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
    vi.useRealTimers()
  })

  /** A sync client whose edge is a stub fetch; `calls` are ms since start, one per request. */
  function rig(edgePollSeconds: number) {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    })
    const dir = tempDir()
    cleanup.push(() => dir.remove())
    const store = new GateStore({ path: join(dir.path, 'gate.db') })
    store.open()
    cleanup.push(() => store.close())
    const keys = new KeyCache({ store })
    keys.start()
    const revocations = new RevocationCache({ store })
    revocations.load()

    const state = { down: false, calls: [] as number[] }
    const started = Date.now()
    const fetch = vi.fn(async (input: URL | RequestInfo) => {
      state.calls.push(Date.now() - started)
      if (state.down) throw new TypeError('fetch failed')
      const path = new URL(String(input)).pathname
      return Response.json(
        path === '/device/config'
          ? configAnswer(edgePollSeconds)
          : path === '/.well-known/jwks.json'
            ? { iss: 'gg', keys: [] }
            : path === '/device/feed/snapshot'
              ? { asOfSeq: 0, subjects: [], codes: [], retiredKids: [] }
              : { entries: [], nextSince: 0, hasMore: false, latestSeq: 0 },
      )
    })
    const sync = new FeedSync({
      edgeUrl: 'http://edge.invalid',
      credential: 'gd_TestCredential0123456789',
      timeoutMs: 1_000,
      store,
      keys,
      revocations,
      clock: new GateClock({ buildTimeMs: 0 }),
      push: false,
      pollIntervalMs: 30_000,
      backoffInitialMs: 1_000,
      backoffMaxMs: 8_000,
      random: () => 0,
      fetch: fetch as typeof globalThis.fetch,
    })
    cleanup.push(() => sync.stop())
    return { sync, state }
  }

  it('retries after 0.5, 1, 2, 4 and 4 s, then polls normally once the edge answers', async () => {
    const { sync, state } = rig(60)
    state.down = true
    await sync.start()
    await vi.advanceTimersByTimeAsync(11_499)
    expect(state.calls).toEqual([0, 500, 1_500, 3_500, 7_500])
    expect(sync.status).toMatchObject({
      failures: 5,
      lastError: 'EDGE_UNREACHABLE',
      cacheState: 'rebuilding',
    })

    state.down = false
    await vi.advanceTimersByTimeAsync(1)
    expect(sync.status).toMatchObject({ failures: 0, cacheState: 'ready' })
    const afterRecovery = state.calls.length
    await vi.advanceTimersByTimeAsync(29_000)
    expect(state.calls.length).toBe(afterRecovery)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(state.calls.length).toBe(afterRecovery + 1)
  })

  it('polls as often as the edge asks when that is more often than configured', async () => {
    const { sync, state } = rig(10)
    await sync.start()
    await vi.advanceTimersByTimeAsync(1)
    const first = state.calls.length
    await vi.advanceTimersByTimeAsync(10_000)
    expect(state.calls.length).toBe(first + 1)
    expect(state.calls.at(-1)).toBe(10_000)
  })

  it('stops at once, even in the middle of a backoff', async () => {
    const { sync, state } = rig(30)
    state.down = true
    await sync.start()
    await vi.advanceTimersByTimeAsync(600)
    await sync.stop()
    const calls = state.calls.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(state.calls.length).toBe(calls)
  })
})
