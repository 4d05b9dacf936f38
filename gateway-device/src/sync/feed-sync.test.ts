import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { GateClock } from '../clock/clock.ts'
import { createTestIssuer, type TestIssuer } from '../decide/testing/code-signer.ts'
import { GateStore } from '../store/gate-store.ts'
import { KeyCache } from '../store/key-cache.ts'
import { RevocationCache } from '../store/revocation-cache.ts'
import { tempDir } from '../store/testing/temp-dir.ts'
import { FeedSync, type FeedSyncOptions } from './feed-sync.ts'
import { FakeEdge } from './testing/fake-edge.ts'

const CREDENTIAL = 'gd_TestCredential0123456789'

interface Gate {
  store: GateStore
  keys: KeyCache
  revocations: RevocationCache
  clock: GateClock
  sync: FeedSync
}

describe('FeedSync against a fake edge', () => {
  let dir: ReturnType<typeof tempDir>
  let edge: FakeEdge
  let issuer: TestIssuer
  const gates: Gate[] = []

  function gate(options: Partial<FeedSyncOptions> = {}): Gate {
    const store = new GateStore({ path: join(dir.path, 'gate.db') })
    store.open()
    const keys = new KeyCache({ store })
    keys.start()
    const revocations = new RevocationCache({ store })
    revocations.load()
    const clock = new GateClock({ buildTimeMs: Date.UTC(2025, 0, 1) })
    clock.start()
    const sync = new FeedSync({
      edgeUrl: edge.url,
      credential: CREDENTIAL,
      timeoutMs: 2_000,
      store,
      keys,
      revocations,
      clock,
      push: false,
      ...options,
    })
    const g = { store, keys, revocations, clock, sync }
    gates.push(g)
    return g
  }

  async function close(g: Gate): Promise<void> {
    gates.splice(gates.indexOf(g), 1)
    await g.sync.stop()
    await g.revocations.stop()
    g.clock.stop()
    g.store.close()
  }

  beforeEach(async () => {
    dir = tempDir()
    issuer = createTestIssuer('gg', 'k1')
    edge = new FakeEdge({
      credential: CREDENTIAL,
      issuer: 'gg',
      jwks: issuer.jwks(),
      policy: { antiPassbackSeconds: 12 },
    })
    await edge.start()
  })
  afterEach(async () => {
    for (const g of [...gates]) await close(g)
    await edge.stop()
    dir.remove()
  })

  it('takes a snapshot on first sync, then reads deltas since its seq', async () => {
    edge.append([
      { kind: 'subject_revoked', subject: 'Sub0000000000001', revokedThrough: 100 },
      { kind: 'code_revoked', jti: 'jti000000001', expiresAt: 2_000_000_000 },
    ])
    const g = gate()
    expect(g.sync.status.cacheState).toBe('rebuilding')
    expect(g.sync.cacheAgeSeconds()).toBeNull()

    await g.sync.syncOnce()
    expect(edge.requests).toEqual([
      '/device/config',
      '/.well-known/jwks.json',
      '/device/feed/snapshot?limit=5000',
      '/device/feed?since=2&limit=1000',
    ])
    expect(g.revocations.revokedThrough('Sub0000000000001')).toBe(100)
    expect(g.revocations.isCodeRevoked('jti000000001')).toBe(true)
    expect(g.keys.issuers.get('gg')?.keys.has('k1')).toBe(true)
    expect(g.sync.policy.antiPassbackSeconds).toBe(12)
    expect(g.sync.status).toMatchObject({
      cacheState: 'ready',
      feedSeq: 2,
      latestSeq: 2,
      failures: 0,
    })
    expect(g.sync.cacheAgeSeconds()).toBeLessThan(1)
  })

  it('pages through deltas and resumes from the stored seq after a restart', async () => {
    const first = gate({ pageLimit: 2 })
    await first.sync.syncOnce()
    edge.append(
      Array.from({ length: 5 }, (_, i) => ({
        kind: 'subject_revoked' as const,
        subject: `Sub000000000000${i}`,
        revokedThrough: 10 + i,
      })),
    )
    edge.requests.length = 0
    await first.sync.syncOnce()
    expect(edge.requests.filter((r) => r.startsWith('/device/feed?'))).toEqual([
      '/device/feed?since=0&limit=2',
      '/device/feed?since=2&limit=2',
      '/device/feed?since=4&limit=2',
    ])
    await close(first)

    edge.append([{ kind: 'subject_revoked', subject: 'Sub0000000000009', revokedThrough: 99 }])
    edge.requests.length = 0
    const second = gate({ pageLimit: 2 })
    expect(second.sync.status.feedSeq).toBe(5)
    await second.sync.syncOnce()
    expect(edge.requests.some((r) => r.startsWith('/device/feed/snapshot'))).toBe(false)
    expect(edge.requests).toContain('/device/feed?since=5&limit=2')
    expect(second.revocations.revokedThrough('Sub0000000000009')).toBe(99)
    expect(second.revocations.revokedThrough('Sub0000000000004')).toBe(14)
  })

  it('pages through a snapshot by cursor and installs it whole', async () => {
    edge.append(
      Array.from({ length: 5 }, (_, i) => ({
        kind: 'subject_revoked' as const,
        subject: `Snap00000000000${i}`,
        revokedThrough: 1 + i,
      })),
    )
    const g = gate({ snapshotPageLimit: 2 })
    await g.sync.syncOnce()
    expect(edge.requests.filter((r) => r.startsWith('/device/feed/snapshot'))).toEqual([
      '/device/feed/snapshot?limit=2',
      '/device/feed/snapshot?limit=2&cursor=2',
      '/device/feed/snapshot?limit=2&cursor=4',
    ])
    for (let i = 0; i < 5; i++)
      expect(g.revocations.revokedThrough(`Snap00000000000${i}`)).toBe(1 + i)
  })

  it('retires a key named in the feed at once and refreshes the key set', async () => {
    const g = gate()
    await g.sync.syncOnce()
    edge.requests.length = 0
    edge.append([{ kind: 'key_retired', kid: 'k1' }])
    await g.sync.syncOnce()
    expect(g.keys.issuers.get('gg')?.retiredKids.has('k1')).toBe(true)
    expect(g.keys.issuers.get('gg')?.keys.has('k1')).toBe(false)
    expect(edge.requests).toContain('/.well-known/jwks.json')
  })

  it('waits out a lagging feed, and takes a new snapshot once it stays behind', async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    try {
      edge.append([{ kind: 'subject_revoked', subject: 'Sub0000000000001', revokedThrough: 100 }])
      edge.append([{ kind: 'subject_revoked', subject: 'Sub0000000000002', revokedThrough: 100 }])
      const g = gate()
      await g.sync.syncOnce()
      edge.feed = [
        { seq: 1, at: 1, kind: 'subject_revoked', subject: 'Sub0000000000003', revokedThrough: 7 },
      ]
      edge.requests.length = 0
      await expect(g.sync.syncOnce()).rejects.toMatchObject({ code: 'EDGE_FEED_BEHIND' })
      expect(g.revocations.revokedThrough('Sub0000000000001')).toBe(100)
      vi.advanceTimersByTime(59_000)
      await expect(g.sync.syncOnce()).rejects.toMatchObject({ code: 'EDGE_FEED_BEHIND' })
      expect(edge.requests.some((r) => r.startsWith('/device/feed/snapshot'))).toBe(false)

      vi.advanceTimersByTime(1_000)
      await g.sync.syncOnce()
      expect(edge.requests).toContain('/device/feed/snapshot?limit=5000')
      expect(g.sync.status.feedSeq).toBe(1)
      expect(g.revocations.revokedThrough('Sub0000000000003')).toBe(7)
      expect(g.revocations.revokedThrough('Sub0000000000001')).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('re-reads soon when a noticed seq is not served yet by a lagging replica', async () => {
    edge.pollSeconds = 600
    const g = gate({ push: true, pollIntervalMs: 600_000 })
    await g.sync.start()
    await vi.waitFor(() => expect(g.sync.status.connected).toBe(true), { timeout: 5_000 })
    await vi.waitFor(() => expect(g.sync.status.lastSyncAt).toBeDefined(), { timeout: 5_000 })

    edge.replicaSeq = 0
    const before = edge.requests.length
    edge.append([{ kind: 'subject_revoked', subject: 'Sub0000000000005', revokedThrough: 5 }])
    await vi.waitFor(() =>
      expect(edge.requests.slice(before)).toContain('/device/feed?since=0&limit=1000'),
    )
    edge.replicaSeq = undefined
    await vi.waitFor(() => expect(g.revocations.revokedThrough('Sub0000000000005')).toBe(5), {
      timeout: 3_000,
      interval: 10,
    })
  })

  it('learns the clock offset from the config answer', async () => {
    edge.serverTimeOffsetMs = 120_000
    const g = gate()
    await g.sync.syncOnce()
    expect(g.clock.status.offsetMs).toBeGreaterThan(119_000)
    expect(g.clock.status.offsetMs).toBeLessThan(121_000)
  })

  it.each([
    ['EDGE_UNAUTHENTICATED', (e: FakeEdge): void => void (e.failWith = 401)],
    ['EDGE_HTTP_ERROR', (e: FakeEdge): void => void (e.failWith = 503)],
    ['EDGE_BAD_RESPONSE', (e: FakeEdge): void => void (e.feedOverride = { entries: 'nope' })],
  ] as const)('fails a sync with %s', async (code, breakIt) => {
    const g = gate()
    breakIt(edge)
    await expect(g.sync.syncOnce()).rejects.toMatchObject({ code })
  })

  it('fails a sync with EDGE_UNREACHABLE when nothing listens', async () => {
    const g = gate({ edgeUrl: 'http://127.0.0.1:9' })
    await expect(g.sync.syncOnce()).rejects.toMatchObject({ code: 'EDGE_UNREACHABLE' })
  })

  it('refuses a feed page that does not advance', async () => {
    const g = gate()
    await g.sync.syncOnce()
    edge.feedOverride = { entries: [], nextSince: 0, hasMore: true, latestSeq: 5 }
    await expect(g.sync.syncOnce()).rejects.toMatchObject({ code: 'EDGE_BAD_RESPONSE' })
  })

  it('keeps reading the feed when only the config refresh fails', async () => {
    const g = gate({ configRefreshMs: 0 })
    await g.sync.syncOnce()
    edge.append([{ kind: 'subject_revoked', subject: 'Sub0000000000001', revokedThrough: 5 }])
    edge.configOverride = { checkpoint: 'not a checkpoint' }
    await g.sync.syncOnce()
    expect(g.revocations.revokedThrough('Sub0000000000001')).toBe(5)
    expect(g.sync.status.lastError).toBe('EDGE_BAD_RESPONSE')
    expect(g.sync.policy.antiPassbackSeconds).toBe(12)
  })

  it('stops at a config error while it has no config at all', async () => {
    edge.configOverride = { checkpoint: 'not a checkpoint' }
    const g = gate()
    await expect(g.sync.syncOnce()).rejects.toMatchObject({ code: 'EDGE_BAD_RESPONSE' })
    expect(g.sync.status.cacheState).toBe('rebuilding')
  })

  it('takes policy and skew from the config and keeps them across a restart', async () => {
    edge.skewSeconds = 7
    const first = gate()
    await first.sync.syncOnce()
    expect(first.sync.skewSeconds).toBe(7)
    await close(first)
    edge.failWith = 503
    const second = gate()
    await expect(second.sync.syncOnce()).rejects.toMatchObject({ code: 'EDGE_HTTP_ERROR' })
    expect(second.sync.policy.antiPassbackSeconds).toBe(12)
    expect(second.sync.skewSeconds).toBe(7)
  })

  it('applies a revocation moments after a push notice, without waiting for the poll', async () => {
    edge.pollSeconds = 600
    const g = gate({ push: true, pollIntervalMs: 600_000 })
    await g.sync.start()
    await vi.waitFor(() => expect(g.sync.status.connected).toBe(true), { timeout: 5_000 })
    await vi.waitFor(() => expect(g.sync.status.cacheState).toBe('ready'), { timeout: 5_000 })

    edge.append([{ kind: 'subject_revoked', subject: 'Sub0000000000001', revokedThrough: 100 }])
    await vi.waitFor(() => expect(g.revocations.revokedThrough('Sub0000000000001')).toBe(100), {
      timeout: 2_000,
      interval: 10,
    })
  })

  it('opens the push channel with the feed and bearer subprotocols, kept alive', async () => {
    const g = gate({ push: true, pushPingEveryMs: 20 })
    await g.sync.start()
    await vi.waitFor(() => expect(g.sync.status.connected).toBe(true), { timeout: 5_000 })
    await vi.waitFor(() => expect(edge.pings).toBeGreaterThanOrEqual(2), { timeout: 5_000 })
    expect(g.sync.status.connected).toBe(true)
  })

  it('does not open the push channel with a wrong credential', async () => {
    const g = gate({ push: true, credential: 'gd_WrongCredential012345678', backoffInitialMs: 20 })
    await g.sync.start()
    await vi.waitFor(
      () => expect(edge.requests.filter((r) => r.startsWith('WS ')).length).toBeGreaterThan(1),
      { timeout: 5_000 },
    )
    expect(g.sync.status.connected).toBe(false)
  })

  // The gate must be idle before the cut: a cycle still in flight would read the entry
  // itself, and the test would pass without any reconnect. With the poll 10 min away, the
  // reconnect is then the only way the gate can hear of it.
  it.each([
    ['greets with the latest seq', true],
    ['sends nothing on connect', false],
  ])(
    'reconnects the push channel after a cut and catches up on what it missed (edge %s)',
    async (_, greet) => {
      edge.pollSeconds = 600
      edge.greetOnConnect = greet
      const g = gate({
        push: true,
        pollIntervalMs: 600_000,
        backoffInitialMs: 50,
        backoffMaxMs: 100,
      })
      await g.sync.start()
      await vi.waitFor(() => expect(g.sync.status.connected).toBe(true), { timeout: 5_000 })
      await g.sync.syncNow()
      expect(g.sync.status).toMatchObject({ cacheState: 'ready', failures: 0 })

      const before = edge.requests.length
      edge.cutPush()
      edge.append(
        [{ kind: 'subject_revoked', subject: 'Sub0000000000002', revokedThrough: 3 }],
        false,
      )
      await vi.waitFor(() => expect(g.revocations.revokedThrough('Sub0000000000002')).toBe(3), {
        timeout: 5_000,
        interval: 10,
      })
      const after = edge.requests.slice(before)
      expect(after[0]).toBe('WS /device/feed/live')
      expect(after).toContain('/device/feed?since=0&limit=1000')
    },
  )

  it('polls when there is no push channel', async () => {
    const g = gate({ pollIntervalMs: 50 })
    await g.sync.start()
    await vi.waitFor(() => expect(g.sync.status.cacheState).toBe('ready'), { timeout: 5_000 })
    edge.append(
      [{ kind: 'subject_revoked', subject: 'Sub0000000000004', revokedThrough: 4 }],
      false,
    )
    await vi.waitFor(() => expect(g.revocations.revokedThrough('Sub0000000000004')).toBe(4), {
      timeout: 5_000,
      interval: 10,
    })
  })

  it('recovers once the edge is back, and says how stale it was meanwhile', async () => {
    const g = gate({ pollIntervalMs: 50, backoffInitialMs: 20, backoffMaxMs: 40 })
    await g.sync.start()
    await vi.waitFor(() => expect(g.sync.status.lastSyncAt).toBeDefined(), { timeout: 5_000 })
    edge.failWith = 503
    await vi.waitFor(() => expect(g.sync.status.failures).toBeGreaterThanOrEqual(2), {
      timeout: 5_000,
    })
    expect(g.sync.status.lastError).toBe('EDGE_HTTP_ERROR')
    const staleFor = g.sync.cacheAgeSeconds()
    expect(staleFor).not.toBeNull()
    edge.failWith = undefined
    await vi.waitFor(() => expect(g.sync.status.failures).toBe(0), { timeout: 5_000 })
    expect(g.sync.cacheAgeSeconds()).toBeLessThan(1)
  })
})
