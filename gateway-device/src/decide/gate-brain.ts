// The gate's brain in one piece: store, keys, revocations, clock, sync and decider, wired.
//
// The daemon builds one GateBrain from its config, adds the outbox's migrations, and
// then only talks to this: `decide(scan)` on the hot path, `store.db` for the outbox's
// tables, `rememberPass()` inside the outbox's commit of each pass (so anti-passback
// survives a restart), `clock.observeServerTime()` with heartbeat answers, `status` for
// the status page and heartbeats. `/device/config` is fetched by the sync client, which
// feeds the clock from it too.
import type { Jwks, PassEvent } from '@greengate/shared'
import type { Logger } from 'pino'
import { GateClock, type ClockStatus } from '../clock/clock.ts'
import type { Scan } from '../scanners/scan-source.ts'
import { AntiPassbackLog, antiPassbackMigrations } from '../store/anti-passback-log.ts'
import { GateStore } from '../store/gate-store.ts'
import { KeyCache } from '../store/key-cache.ts'
import type { MigrationSet } from '../store/migrations.ts'
import { RevocationCache } from '../store/revocation-cache.ts'
import { FeedSync, type FeedSyncOptions } from '../sync/feed-sync.ts'
import type { SyncStatus } from '../sync/sync-status.ts'
import { laneGroupOf } from './anti-passback.ts'
import { Decider } from './decider.ts'
import type { GateDecision, VerificationSettings } from './decision.ts'

export interface GateBrainOptions {
  /** The SQLite file, e.g. `<dataDir>/gate.db`. */
  storePath: string
  /** The outbox's tables; see store/migrations.ts. */
  migrations?: readonly MigrationSet[]
  edge: { url: string; credential: string; timeoutMs: number }
  /** Neighbouring issuers' static key sets from the config. */
  trustedIssuers?: readonly Jwks[]
  verification: VerificationSettings
  /** Lane id -> anti-passback group, from the config's lanes. */
  laneGroups: ReadonlyMap<number, string>
  /** Unix ms of this build: the clock is not trusted before it. */
  buildTimeMs: number
  /** Timings of the sync client (tests and the demo shorten them). */
  sync?: Pick<
    FeedSyncOptions,
    | 'pollIntervalMs'
    | 'jwksRefreshMs'
    | 'configRefreshMs'
    | 'backoffInitialMs'
    | 'backoffMaxMs'
    | 'pageLimit'
  >
  logger: Logger
}

export interface BrainStatus {
  sync: SyncStatus
  clock: ClockStatus
  /** True when the cache is past its staleness, or not yet rebuilt. */
  stale: boolean
  offlineMode: VerificationSettings['offlineMode']
  /** Alarm names for heartbeats: `cache-stale`, `cache-rebuilding`, `clock-untrusted`. */
  alarms: string[]
}

export class GateBrain {
  readonly store: GateStore
  readonly keys: KeyCache
  readonly revocations: RevocationCache
  readonly clock: GateClock
  readonly sync: FeedSync
  /** Anti-passback on disk, reloaded at start. */
  readonly passes: AntiPassbackLog
  readonly #decider: Decider
  readonly #verification: VerificationSettings
  readonly #laneGroups: ReadonlyMap<number, string>

  constructor(options: GateBrainOptions) {
    const { logger } = options
    this.#verification = options.verification
    this.#laneGroups = options.laneGroups
    this.store = new GateStore({
      path: options.storePath,
      migrations: [antiPassbackMigrations, ...(options.migrations ?? [])],
      logger: logger.child({ component: 'store' }),
    })
    this.keys = new KeyCache({
      store: this.store,
      staticIssuers: options.trustedIssuers ?? [],
      logger: logger.child({ component: 'keys' }),
    })
    this.revocations = new RevocationCache({
      store: this.store,
      // A revoked code is forgotten a day after its expiry, and only by a trusted clock.
      expiredBefore: () => (this.clock.trusted ? Math.floor(this.clock.now()) - 86_400 : undefined),
      logger: logger.child({ component: 'revocations' }),
    })
    this.clock = new GateClock({
      buildTimeMs: options.buildTimeMs,
      memory: {
        load: () => {
          const value = this.store.getMeta('clock.lastKnownGoodMs')
          return typeof value === 'number' ? value : undefined
        },
        save: (ms) => this.store.setMeta('clock.lastKnownGoodMs', ms),
      },
      logger: logger.child({ component: 'clock' }),
    })
    this.passes = new AntiPassbackLog({ store: this.store })
    this.sync = new FeedSync({
      ...options.sync,
      edgeUrl: options.edge.url,
      credential: options.edge.credential,
      timeoutMs: options.edge.timeoutMs,
      store: this.store,
      revocations: this.revocations,
      keys: this.keys,
      clock: this.clock,
      logger: logger.child({ component: 'sync' }),
    })
    this.#decider = new Decider({
      keys: this.keys,
      revocations: this.revocations,
      clock: this.clock,
      freshness: this.sync,
      policy: this.sync,
      verification: options.verification,
      laneGroups: options.laneGroups,
    })
  }

  /** Opens the store (synchronously, migrations included) and loads the caches. */
  async start(): Promise<void> {
    this.store.open()
    this.#decider.restore(this.passes.load())
    this.clock.start()
    this.keys.start()
    this.revocations.load()
    this.revocations.start()
    await this.sync.start()
  }

  /** Stops syncing and flushes pending cache writes; closes the store last. */
  async stop(): Promise<void> {
    await this.sync.stop()
    await this.revocations.stop()
    this.keys.stop()
    this.clock.stop()
    this.store.close()
  }

  /** The hot path. Synchronous, never throws. */
  decide(scan: Scan): GateDecision {
    return this.#decider.decide(scan)
  }

  /**
   * Writes a recorded pass to the anti-passback log. Call inside the transaction that records
   * it (the outbox's `withPass`), so it costs no fsync of its own. Its `at` is by the corrected
   * clock: a pass is only ever decided on a trusted one.
   */
  rememberPass(event: PassEvent): void {
    const windowSeconds = this.sync.policy.antiPassbackSeconds
    if (event.decision !== 'pass' || event.subject === undefined || windowSeconds <= 0) return
    const group = laneGroupOf(this.#laneGroups, event.lane)
    this.passes.remember({ group, subject: event.subject, passedAtMs: event.at }, windowSeconds)
  }

  get status(): BrainStatus {
    const sync = this.sync.status
    const clock = this.clock.status
    const age = sync.cacheAgeSeconds
    const stale = age === null || age > this.#verification.maxStalenessSeconds
    const alarms: string[] = []
    if (sync.cacheState === 'rebuilding') alarms.push('cache-rebuilding')
    else if (stale) alarms.push('cache-stale')
    if (!clock.trusted) alarms.push('clock-untrusted')
    return { sync, clock, stale, offlineMode: this.#verification.offlineMode, alarms }
  }
}
