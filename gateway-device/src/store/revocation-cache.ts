// The revocation cache on disk: a sorted generation of chunks plus delta rows, loaded at start.
//
// Each applied feed page becomes one delta row per kind (a blob of packed records),
// committed with the new feed seq in one transaction, then enforced in memory. In
// the background, pending records are merged into the sorted arrays, and once the
// deltas grow large the arrays are written as a new generation that replaces the old
// one and the deltas it holds. A start reads one generation and the deltas: a few
// large blobs, never a row per revocation.
import type { FeedEntry, RevocationView } from '@greengate/shared'
import type { Logger } from 'pino'
import type { GateStore } from './gate-store.ts'
import { packRecords, RevocationIndex, type RecordKind } from './revocation-index.ts'
import {
  appendDelta,
  clearRevocations,
  countDeltaRecords,
  KINDS,
  readDeltas,
  readFeedSeq,
  readGeneration,
  readGenerationMeta,
  writeFeedSeq,
  writeGeneration,
  type GenerationMeta,
  type RecordArrays,
  type WriteGenerationOptions,
} from './revocation-files.ts'
import type { SnapshotBuilder } from './snapshot-builder.ts'
import { SortedRecords } from './sorted-records.ts'
import { isStoreError, StoreError } from './store-error.ts'

export interface RevocationCacheOptions {
  store: GateStore
  /**
   * Unix seconds before which a revoked code has surely expired and may be forgotten;
   * undefined while the clock is not trusted (nothing is forgotten then).
   */
  expiredBefore?: () => number | undefined
  /** Pending records merge after this long without new ones (default 5 s)... */
  mergeIdleMs?: number
  /** ...or at once past max(this, 1/8 of the sorted array). Default 65,536. */
  mergeAtPending?: number
  /** Deltas are folded into a new generation past max(this, 1/4 of it). Default 262,144. */
  compactAtDeltaRecords?: number
  logger?: Logger
}

export interface RevocationCounts {
  subjects: number
  codes: number
  /** Applied but not yet merged into the sorted arrays. */
  pending: number
  /** Records in delta rows, not yet in a generation. */
  deltaRecords: number
  /** Memory held by the arrays and tables. */
  bytes: number
}

export class RevocationCache implements RevocationView {
  readonly index = new RevocationIndex()
  readonly #store: GateStore
  readonly #expiredBefore: () => number | undefined
  readonly #mergeIdleMs: number
  readonly #mergeAtPending: number
  readonly #compactAtDeltaRecords: number
  readonly #logger: Logger | undefined
  #generation: GenerationMeta | undefined
  #feedSeq = 0
  #deltaRecords = 0
  #lastDeltaId = 0
  /** Snapshot installs and maintenance run one at a time, in call order. */
  #queue: Promise<unknown> = Promise.resolve()
  #idleTimer: NodeJS.Timeout | undefined
  #started = false
  #maintaining = false

  constructor(options: RevocationCacheOptions) {
    this.#store = options.store
    this.#expiredBefore = options.expiredBefore ?? (() => undefined)
    this.#mergeIdleMs = options.mergeIdleMs ?? 5_000
    this.#mergeAtPending = options.mergeAtPending ?? 65_536
    this.#compactAtDeltaRecords = options.compactAtDeltaRecords ?? 262_144
    this.#logger = options.logger
  }

  /** Highest feed seq whose entries are stored and enforced. */
  get feedSeq(): number {
    return this.#feedSeq
  }

  /** False until a complete snapshot has been installed (new or rebuilt cache). */
  get hasSnapshot(): boolean {
    return this.#generation !== undefined
  }

  get counts(): RevocationCounts {
    const c = this.index.counts
    return { ...c, deltaRecords: this.#deltaRecords }
  }

  revokedThrough(subject: string): number {
    return this.index.revokedThrough(subject)
  }

  isCodeRevoked(jti: string): boolean {
    return this.index.isCodeRevoked(jti)
  }

  /**
   * Reads the active generation and replays the deltas. Records that fail their checks
   * are dropped whole: the cache is then empty and `hasSnapshot` false, so the sync
   * client takes a new snapshot. Damage found here also makes the store's next open
   * check every page of the file.
   */
  load(): void {
    try {
      this.#load()
    } catch (err) {
      if (!isStoreError(err, 'STORE_RECORDS_CORRUPT')) throw err
      this.#logger?.error({ err }, 'revocation cache unreadable; rebuilding')
      this.#store.requireFullCheck()
      try {
        this.#clear()
      } catch (cause) {
        // Pages too damaged even to delete: the next open's full check moves the file aside.
        throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation cache cannot be cleared', {
          cause,
        })
      }
    }
  }

  start(): void {
    this.#started = true
    this.#scheduleMaintenance()
  }

  /** Waits for a merge, write or snapshot in progress; nothing new starts after. */
  async stop(): Promise<void> {
    this.#started = false
    clearTimeout(this.#idleTimer)
    this.#idleTimer = undefined
    await this.#queue
  }

  /**
   * Stores a page of feed entries and the seq it reaches in one transaction, then
   * enforces them. `inTransaction` runs inside that transaction (the key cache records
   * retired kids there). Returns the kids the page retired.
   */
  applyEntries(
    entries: readonly FeedEntry[],
    nextSeq: number,
    inTransaction?: (retiredKids: readonly string[]) => void,
  ): string[] {
    const subjects: { id: string; value: number }[] = []
    const codes: { id: string; value: number }[] = []
    const retiredKids: string[] = []
    for (const entry of entries) {
      switch (entry.kind) {
        case 'subject_revoked':
        case 'colour_changed':
          if (entry.revokedThrough > 0)
            subjects.push({ id: entry.subject, value: entry.revokedThrough })
          break
        case 'code_revoked':
          codes.push({ id: entry.jti, value: entry.expiresAt })
          break
        case 'key_retired':
          retiredKids.push(entry.kid)
          break
      }
    }
    const subjectRecords = packRecords(subjects)
    const codeRecords = packRecords(codes)

    this.#store.transaction(
      () => {
        if (subjects.length > 0) {
          this.#lastDeltaId = appendDelta(this.#store, 'subject', subjectRecords, subjects.length)
        }
        if (codes.length > 0) {
          this.#lastDeltaId = appendDelta(this.#store, 'code', codeRecords, codes.length)
        }
        writeFeedSeq(this.#store, Math.max(this.#feedSeq, nextSeq))
        inTransaction?.(retiredKids)
      },
      // Not durable: a page lost to a power cut is lost with its seq, and read again.
      { durable: false },
    )

    this.#feedSeq = Math.max(this.#feedSeq, nextSeq)
    this.#deltaRecords += subjects.length + codes.length
    this.index.apply('subject', subjectRecords, subjects.length)
    this.index.apply('code', codeRecords, codes.length)
    this.#scheduleMaintenance()
    return retiredKids
  }

  /**
   * Replaces the whole cache with a snapshot: written as a new generation, switched to
   * in one transaction with the snapshot's seq (and `inTransaction`), then enforced.
   */
  installSnapshot(builder: SnapshotBuilder, inTransaction?: () => void): Promise<void> {
    return this.#exclusive(async () => {
      const asOfSeq = builder.asOfSeq ?? 0
      const { subjects, codes } = await builder.finish()
      await this.#switchTo(
        { subjects, codes },
        {
          feedSeq: asOfSeq,
          throughDeltaId: Number.MAX_SAFE_INTEGER,
          ...(inTransaction === undefined ? {} : { inTransaction }),
        },
      )
      this.index.replace('subject', subjects)
      this.index.replace('code', codes)
      this.#feedSeq = asOfSeq
      this.#deltaRecords = 0
      this.#logger?.info(
        { subjects: subjects.count, codes: codes.count, feedSeq: asOfSeq },
        'revocation snapshot installed',
      )
    })
  }

  /** Merges everything pending now and writes a generation if due; for tests and shutdown. */
  flush(): Promise<void> {
    return this.#exclusive(() => this.#maintain(true))
  }

  #load(): void {
    const meta = readGenerationMeta(this.#store)
    if (meta === undefined) {
      this.#clear()
      return
    }
    const arrays = readGeneration(this.#store, meta)
    this.index.replace('subject', arrays.subjects)
    this.index.replace('code', arrays.codes)
    let deltaRecords = 0
    this.#lastDeltaId = readDeltas(this.#store, (kind, words, count) => {
      this.index.apply(kind, words, count)
      deltaRecords += count
    })

    this.#generation = meta
    this.#feedSeq = readFeedSeq(this.#store)
    this.#deltaRecords = deltaRecords
    this.#logger?.info(
      { subjects: meta.subjects, codes: meta.codes, deltaRecords, feedSeq: this.#feedSeq },
      'revocation cache loaded',
    )
  }

  /** Forgets every revocation on disk and in memory: only a new snapshot fills it again. */
  #clear(): void {
    clearRevocations(this.#store)
    for (const kind of KINDS) this.index.replace(kind, SortedRecords.empty())
    this.#generation = undefined
    this.#feedSeq = 0
    this.#deltaRecords = 0
  }

  #scheduleMaintenance(): void {
    if (!this.#started || this.#maintaining) return
    const due = KINDS.some((kind) => this.index.pendingOf(kind) >= this.#mergeThreshold(kind))
    clearTimeout(this.#idleTimer)
    if (due) {
      this.#maintaining = true
      void this.#exclusive(() => this.#maintain(false)).finally(() => {
        this.#maintaining = false
        this.#scheduleMaintenance()
      })
      return
    }
    if (this.index.counts.pending === 0) return
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined
      if (!this.#started || this.#maintaining) return
      this.#maintaining = true
      void this.#exclusive(() => this.#maintain(true)).finally(() => {
        this.#maintaining = false
        if (this.index.counts.pending > 0) this.#scheduleMaintenance()
      })
    }, this.#mergeIdleMs)
    this.#idleTimer.unref()
  }

  #mergeThreshold(kind: RecordKind): number {
    return Math.max(this.#mergeAtPending, Math.floor(this.index.sortedCount(kind) / 8))
  }

  /** Merges pending records (all of them when `idle`), then writes a generation if due. */
  async #maintain(idle: boolean): Promise<void> {
    try {
      const throughDeltaId = this.#lastDeltaId
      const expiredBefore = this.#expiredBefore() ?? 0
      for (const kind of KINDS) {
        const pending = this.index.pendingOf(kind)
        if (pending === 0 || (!idle && pending < this.#mergeThreshold(kind))) continue
        await this.index.merge(kind, kind === 'code' ? expiredBefore : 0)
      }
      if (!this.hasSnapshot) return
      const sorted = this.index.sortedCount('subject') + this.index.sortedCount('code')
      const compactAt = Math.max(this.#compactAtDeltaRecords, Math.floor(sorted / 4))
      if (this.#deltaRecords < compactAt) return
      // Every delta up to throughDeltaId was applied before the merges above froze
      // their records, so the sorted arrays now hold them all.
      // Codes merge even with nothing pending, to forget the expired ones.
      for (const kind of KINDS) await this.index.merge(kind, kind === 'code' ? expiredBefore : 0)
      const arrays = { subjects: this.index.sorted('subject'), codes: this.index.sorted('code') }
      await this.#switchTo(arrays, { throughDeltaId })
      this.#deltaRecords = countDeltaRecords(this.#store)
      this.#logger?.info(
        { subjects: arrays.subjects.count, codes: arrays.codes.count },
        'revocation cache compacted',
      )
    } catch (err) {
      this.#logger?.error({ err }, 'revocation cache maintenance failed')
    }
  }

  async #switchTo(arrays: RecordArrays, options: WriteGenerationOptions): Promise<void> {
    const next = (this.#generation?.generation ?? 0) + 1
    this.#generation = await writeGeneration(this.#store, next, arrays, options)
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work)
    this.#queue = run.catch(() => undefined)
    return run
  }
}
