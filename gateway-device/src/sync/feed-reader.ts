// Reads the revocation feed into the cache: a whole snapshot, or delta pages to the end.
import { feedPageSchema, feedSnapshotPageSchema } from '@greengate/shared'
import type { Logger } from 'pino'
import type { KeyCache } from '../store/key-cache.ts'
import type { RevocationCache } from '../store/revocation-cache.ts'
import { SnapshotBuilder } from '../store/snapshot-builder.ts'
import type { EdgeClient } from './edge-client.ts'
import { SyncError } from './sync-error.ts'

export interface FeedReaderOptions {
  edge: EdgeClient
  revocations: RevocationCache
  keys: KeyCache
  /** Entries per page asked for, of deltas and of the snapshot. */
  pageLimit: number
  snapshotPageLimit: number
  logger?: Logger
}

export interface DeltaResult {
  /** The edge's feed is behind the cache (it was reset): a new snapshot is needed. */
  behind: boolean
  latestSeq: number
  /** Kids retired by the pages read; the caller refreshes the key set. */
  retiredKids: string[]
}

export class FeedReader {
  readonly #options: FeedReaderOptions

  constructor(options: FeedReaderOptions) {
    this.#options = options
  }

  /**
   * Pages of the snapshot into a builder, installed whole once the last page is in: a
   * half snapshot is never used. `inTransaction` runs in the install's transaction.
   * Kids the snapshot names retired are recorded for `iss`.
   */
  async readSnapshot(
    iss: string,
    stop: AbortSignal,
    inTransaction: () => void,
  ): Promise<{ asOfSeq: number }> {
    const { edge, revocations, keys, snapshotPageLimit } = this.#options
    const builder = new SnapshotBuilder()
    let cursor: string | undefined
    do {
      const query = new URLSearchParams({ limit: String(snapshotPageLimit) })
      if (cursor !== undefined) query.set('cursor', cursor)
      const path = `/device/feed/snapshot?${query}`
      const { body } = await edge.get(path, feedSnapshotPageSchema, stop)
      builder.addPage(body)
      cursor = body.nextCursor
    } while (cursor !== undefined)

    await revocations.installSnapshot(builder, () => {
      for (const kid of builder.retiredKids) keys.retireKid(iss, kid)
      inTransaction()
    })
    return { asOfSeq: builder.asOfSeq ?? 0 }
  }

  /** Delta pages from the cache's seq to the end of the feed, each stored as it comes. */
  async readDeltas(iss: string, stop: AbortSignal): Promise<DeltaResult> {
    const { edge, revocations, keys, pageLimit, logger } = this.#options
    const retiredKids: string[] = []
    for (;;) {
      const since = revocations.feedSeq
      const query = new URLSearchParams({ since: String(since), limit: String(pageLimit) })
      const { body: page } = await edge.get(`/device/feed?${query}`, feedPageSchema, stop)
      if (page.latestSeq < since) {
        logger?.warn({ feedSeq: since, latestSeq: page.latestSeq }, 'edge feed behind cache')
        return { behind: true, latestSeq: page.latestSeq, retiredKids }
      }
      if (page.hasMore && page.nextSince <= since) {
        throw new SyncError('EDGE_BAD_RESPONSE', 'feed page does not advance')
      }

      if (page.entries.length > 0 || page.nextSince > since) {
        try {
          const retired = revocations.applyEntries(page.entries, page.nextSince, (kids) => {
            for (const kid of kids) keys.retireKid(iss, kid)
          })
          retiredKids.push(...retired)
        } catch (cause) {
          throw new SyncError('CACHE_WRITE_FAILED', 'feed page not stored', { cause })
        }
      }
      if (!page.hasMore) return { behind: false, latestSeq: page.latestSeq, retiredKids }
    }
  }
}
