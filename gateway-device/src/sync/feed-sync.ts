// Keeps the cache in step with the edge: config, keys, snapshot, deltas; push, poll, backoff.
//
// One loop does every read, so pages are applied in order and never twice at once. It
// runs a cycle (config and keys when due, a snapshot when the cache has none, then
// delta pages to the end), then sleeps until the next poll, a push notice or a
// nudge. After a failure it sleeps the backoff instead. Only a cycle that reached the
// end of the feed counts as a sync: `cacheAgeSeconds` grows from there.
import {
  deviceConfigSchema,
  jwksSchema,
  type CheckpointPolicy,
  type DeviceConfig,
} from '@greengate/shared'
import type { Logger } from 'pino'
import type { GateClock } from '../clock/clock.ts'
import type { CacheFreshness } from '../decide/decider.ts'
import type { GateStore } from '../store/gate-store.ts'
import type { KeyCache } from '../store/key-cache.ts'
import type { RevocationCache } from '../store/revocation-cache.ts'
import { backoffDelay } from './backoff.ts'
import { DeviceSettings } from './device-settings.ts'
import { EdgeClient } from './edge-client.ts'
import { FeedReader } from './feed-reader.ts'
import { PushChannel } from './push-channel.ts'
import { Sleeper } from './sleeper.ts'
import { SyncError } from './sync-error.ts'
import type { SyncErrorCode, SyncStatus } from './sync-status.ts'

export interface FeedSyncOptions {
  /** Base URL of the edge Worker. */
  edgeUrl: string
  /** The `gd_...` device credential. Never logged. */
  credential: string
  /** Each request gives up after this long. */
  timeoutMs: number
  store: GateStore
  revocations: RevocationCache
  keys: KeyCache
  clock: GateClock
  /** Reads of the feed besides push notices: at most this far apart. Default 30 s. */
  pollIntervalMs?: number
  /** Key set refresh, besides the one a key_retired entry triggers. Default 1 h. */
  jwksRefreshMs?: number
  /** `/device/config` refresh (policy, server time). Default 5 min. */
  configRefreshMs?: number
  /** First and longest wait after a failure; doubles with jitter. Defaults 1 s and 60 s. */
  backoffInitialMs?: number
  backoffMaxMs?: number
  /** Entries per delta page asked for. Default 1000 (the edge's maximum). */
  pageLimit?: number
  /** Entries per snapshot page asked for. Default 5000 (the edge's maximum). */
  snapshotPageLimit?: number
  /** Open the push channel (default true). */
  push?: boolean
  /** Keep-alive `ping` on the push channel. Default 30 s. */
  pushPingEveryMs?: number
  logger?: Logger
  fetch?: typeof fetch
  WebSocket?: typeof WebSocket
  random?: () => number
}

const LAST_SYNC_KEY = 'sync.lastSyncAt'
/** A noticed seq the feed does not serve yet (a lagging replica) is re-read this often... */
const CHASE_MS = 1_000
/** ...this many times, before the normal poll takes over. */
const CHASE_TRIES = 10
/** The edge's feed behind the cache this long means it was reset: take a new snapshot. */
const RESET_AFTER_MS = 60_000

export class FeedSync implements CacheFreshness {
  readonly #store: GateStore
  readonly #revocations: RevocationCache
  readonly #keys: KeyCache
  readonly #clock: GateClock
  readonly #edge: EdgeClient
  readonly #reader: FeedReader
  readonly #settings: DeviceSettings
  readonly #push: PushChannel | undefined
  readonly #logger: Logger | undefined
  readonly #random: (() => number) | undefined
  readonly #pollIntervalMs: number
  readonly #jwksRefreshMs: number
  readonly #configRefreshMs: number
  readonly #backoffInitialMs: number
  readonly #backoffMaxMs: number
  #lastSyncAt: number | undefined
  #latestSeq: number | undefined
  /** Highest seq a push notice announced; a replica may not serve it yet. */
  #noticedSeq = 0
  /** Quick re-reads left for a noticed seq the feed did not yet serve. */
  #chaseLeft = 0
  /** Monotonic ms since when the edge's feed has been behind the cache; undefined if not. */
  #behindSince: number | undefined
  #lastError: SyncErrorCode | undefined
  #lastErrorAt: number | undefined
  #failures = 0
  /** Monotonic ms when config and keys were last read; -Infinity forces a read. */
  #configReadAt = -Infinity
  #jwksReadAt = -Infinity
  #running = false
  #loop: Promise<void> | undefined
  #stopController = new AbortController()
  #nudged = false
  readonly #sleeper = new Sleeper()
  #cycleWaiters: (() => void)[] = []

  constructor(options: FeedSyncOptions) {
    this.#store = options.store
    this.#revocations = options.revocations
    this.#keys = options.keys
    this.#clock = options.clock
    this.#logger = options.logger
    this.#random = options.random
    this.#pollIntervalMs = options.pollIntervalMs ?? 30_000
    this.#jwksRefreshMs = options.jwksRefreshMs ?? 3_600_000
    this.#configRefreshMs = options.configRefreshMs ?? 300_000
    this.#backoffInitialMs = options.backoffInitialMs ?? 1_000
    this.#backoffMaxMs = options.backoffMaxMs ?? 60_000
    this.#settings = new DeviceSettings(options.store)
    this.#edge = new EdgeClient({
      edgeUrl: options.edgeUrl,
      credential: options.credential,
      timeoutMs: options.timeoutMs,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    })
    this.#reader = new FeedReader({
      edge: this.#edge,
      revocations: this.#revocations,
      keys: this.#keys,
      pageLimit: options.pageLimit ?? 1_000,
      snapshotPageLimit: options.snapshotPageLimit ?? 5_000,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    })
    if (options.push !== false) {
      this.#push = new PushChannel({
        // Read at each connect: the edge's config may move the channel.
        url: () => this.#edge.liveUrl(this.#settings.livePath),
        protocol: () => this.#settings.liveProtocol,
        credential: options.credential,
        onNotice: (latestSeq) => {
          this.#latestSeq = Math.max(this.#latestSeq ?? 0, latestSeq)
          if (latestSeq <= this.#revocations.feedSeq) return
          this.#noticedSeq = Math.max(this.#noticedSeq, latestSeq)
          this.#chaseLeft = CHASE_TRIES
          this.#nudge()
        },
        onOpen: () => this.#nudge(),
        backoffInitialMs: this.#backoffInitialMs,
        backoffMaxMs: this.#backoffMaxMs,
        ...(options.pushPingEveryMs === undefined ? {} : { pingEveryMs: options.pushPingEveryMs }),
        ...(options.random === undefined ? {} : { random: options.random }),
        ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      })
    }
  }

  /** Reads what earlier runs stored, starts loop and push channel; never waits for the edge. */
  async start(): Promise<void> {
    if (this.#running) return
    this.#loadStored()
    this.#running = true
    this.#stopController = new AbortController()
    this.#loop = this.#run()
    this.#push?.start()
  }

  /** Closes the push channel, aborts a read in flight and waits for the loop to end. */
  async stop(): Promise<void> {
    if (!this.#running) return
    this.#running = false
    this.#push?.stop()
    this.#stopController.abort()
    this.#sleeper.wake()
    await this.#loop
    this.#loop = undefined
    for (const resolve of this.#cycleWaiters.splice(0)) resolve()
  }

  /** Asks for a read now; resolves once a cycle that began after the call has ended. */
  syncNow(): Promise<void> {
    if (!this.#running) return Promise.resolve()
    return new Promise((resolve) => {
      this.#cycleWaiters.push(resolve)
      this.#nudge()
    })
  }

  /** One full cycle, outside the loop; throws the SyncError. For tools and tests. */
  async syncOnce(): Promise<void> {
    if (this.#running) throw new Error('syncOnce is for a stopped sync client')
    this.#loadStored()
    await this.#cycle()
  }

  cacheAgeSeconds(): number | null {
    if (!this.#revocations.hasSnapshot || this.#lastSyncAt === undefined) return null
    return Math.max(0, (this.#clock.nowMs() - this.#lastSyncAt) / 1000)
  }

  /** The checkpoint's policy from the edge; the default policy until the edge has answered. */
  get policy(): CheckpointPolicy {
    return this.#settings.policy
  }

  /** The skew the edge asks gates to tolerate; undefined until the edge has answered. */
  get skewSeconds(): number | undefined {
    return this.#settings.skewSeconds
  }

  get deviceConfig(): DeviceConfig | undefined {
    return this.#settings.config
  }

  get status(): SyncStatus {
    const counts = this.#revocations.counts
    return {
      cacheState: this.#revocations.hasSnapshot ? 'ready' : 'rebuilding',
      feedSeq: this.#revocations.feedSeq,
      latestSeq: this.#latestSeq,
      lastSyncAt: this.#lastSyncAt,
      cacheAgeSeconds: this.cacheAgeSeconds(),
      connected: this.#push?.connected ?? false,
      lastError: this.#lastError,
      lastErrorAt: this.#lastErrorAt,
      failures: this.#failures,
      revocations: { subjects: counts.subjects, codes: counts.codes, pending: counts.pending },
    }
  }

  #loadStored(): void {
    this.#settings.load()
    const lastSyncAt = this.#store.getMeta(LAST_SYNC_KEY)
    this.#lastSyncAt = typeof lastSyncAt === 'number' ? lastSyncAt : undefined
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#nudged = false
      const waiters = this.#cycleWaiters.splice(0)
      let waitMs: number
      try {
        await this.#cycle()
        this.#failures = 0
        waitMs = this.#pollEveryMs()
        if (this.#noticedSeq > this.#revocations.feedSeq && this.#chaseLeft > 0) {
          this.#chaseLeft--
          waitMs = Math.min(waitMs, CHASE_MS)
        }
      } catch (err) {
        if (!this.#running) break
        this.#failures++
        this.#lastError = err instanceof SyncError ? err.code : 'CACHE_WRITE_FAILED'
        this.#lastErrorAt = this.#clock.nowMs()
        waitMs = backoffDelay(this.#failures, {
          initialMs: this.#backoffInitialMs,
          maxMs: this.#backoffMaxMs,
          ...(this.#random === undefined ? {} : { random: this.#random }),
        })
        const status = err instanceof SyncError ? err.status : undefined
        this.#logger?.warn(
          { code: this.#lastError, status, failures: this.#failures, retryInMs: waitMs },
          'sync failed',
        )
        if (!(err instanceof SyncError)) this.#logger?.error({ err }, 'cache write failed')
      }
      for (const resolve of waiters) resolve()
      // A nudge during a failed cycle does not skip the backoff: the edge is failing.
      if (this.#nudged && this.#failures === 0) continue
      if (this.#running) await this.#sleeper.sleep(waitMs)
    }
  }

  async #cycle(): Promise<void> {
    const stop = this.#stopController.signal
    const now = performance.now()
    const haveConfig = this.#settings.config !== undefined
    if (now - this.#configReadAt >= this.#configRefreshMs || !haveConfig) {
      await this.#tolerate(haveConfig, async () => {
        const answer = await this.#edge.get('/device/config', deviceConfigSchema, stop)
        this.#clock.observeServerTime(answer.body.serverTime, answer.rttMs)
        this.#settings.save(answer.body)
        this.#configReadAt = now
      })
    }
    if (now - this.#jwksReadAt >= this.#jwksRefreshMs) {
      await this.#tolerate(this.#keys.issuers.has(this.#ownIssuer()), async () => {
        await this.#refreshKeys(stop)
        this.#jwksReadAt = now
      })
    }
    const iss = this.#ownIssuer()
    if (!this.#revocations.hasSnapshot) await this.#takeSnapshot(iss, stop)
    let deltas = await this.#reader.readDeltas(iss, stop)
    if (deltas.behind) {
      // A read replica may lag behind the primary the snapshot came from; only a feed
      // that stays behind was reset (a rebuilt edge database).
      this.#behindSince ??= now
      if (now - this.#behindSince < RESET_AFTER_MS) {
        throw new SyncError('EDGE_FEED_BEHIND', 'edge feed is behind the cache')
      }
      this.#logger?.warn('edge feed reset; taking a new snapshot')
      await this.#takeSnapshot(iss, stop)
      deltas = await this.#reader.readDeltas(iss, stop)
    }
    this.#behindSince = undefined
    this.#latestSeq = deltas.latestSeq
    if (deltas.retiredKids.length > 0) {
      this.#logger?.info({ kids: deltas.retiredKids }, 'keys retired by feed')
      // The retired kids are refused already; the refreshed set may bring successors.
      await this.#refreshKeys(stop)
    }

    this.#lastSyncAt = this.#clock.nowMs()
    this.#store.setMeta(LAST_SYNC_KEY, this.#lastSyncAt)
  }

  /**
   * Runs a refresh of something we already hold (`have`): its failure is noted but does
   * not stop the feed from being read, since revocations matter most. Without a copy
   * the failure ends the cycle.
   */
  async #tolerate(have: boolean, refresh: () => Promise<void>): Promise<void> {
    try {
      await refresh()
    } catch (err) {
      if (!have || !(err instanceof SyncError) || this.#stopController.signal.aborted) throw err
      this.#lastError = err.code
      this.#lastErrorAt = this.#clock.nowMs()
      this.#logger?.warn({ code: err.code, status: err.status }, 'refresh failed; cached copy kept')
    }
  }

  async #refreshKeys(stop: AbortSignal): Promise<void> {
    const answer = await this.#edge.get(this.#settings.jwksPath, jwksSchema, stop)
    this.#keys.setEdgeJwks(answer.body)
    this.#logger?.info({ iss: answer.body.iss, keys: answer.body.keys.length }, 'keys refreshed')
  }

  async #takeSnapshot(iss: string, stop: AbortSignal): Promise<void> {
    // The snapshot is as fresh as its first page: what changed later comes as deltas.
    const startedAt = this.#clock.nowMs()
    const { asOfSeq } = await this.#reader.readSnapshot(iss, stop, () =>
      this.#store.setMeta(LAST_SYNC_KEY, startedAt),
    )
    this.#lastSyncAt = startedAt
    this.#latestSeq = Math.max(this.#latestSeq ?? 0, asOfSeq)
  }

  #ownIssuer(): string {
    const iss = this.#settings.issuer
    if (iss === undefined) throw new SyncError('EDGE_BAD_RESPONSE', 'no device config yet')
    return iss
  }

  /** The edge asks for a poll at least every `feed.pollSeconds`, even with push open. */
  #pollEveryMs(): number {
    return Math.min(this.#pollIntervalMs, this.#settings.pollEveryMs)
  }

  /** A push notice or a caller asks for a read: it happens now, even during a backoff. */
  #nudge(): void {
    this.#nudged = true
    this.#sleeper.wake()
  }
}
