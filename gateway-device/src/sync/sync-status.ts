// What the sync client tells status pages, heartbeats and the decider.

export const SYNC_ERROR_CODES = [
  /** No answer: connection refused, DNS, reset. */
  'EDGE_UNREACHABLE',
  /** No answer within the configured timeout. */
  'EDGE_TIMEOUT',
  /** 401/403: the device credential is wrong or revoked. */
  'EDGE_UNAUTHENTICATED',
  /** Any other non-2xx answer. */
  'EDGE_HTTP_ERROR',
  /** A 2xx answer whose body does not match the shared schema. */
  'EDGE_BAD_RESPONSE',
  /** The edge's feed ends before the cache's seq (a lagging replica, or a reset edge). */
  'EDGE_FEED_BEHIND',
  /** The cache could not be written; the page is read again later. */
  'CACHE_WRITE_FAILED',
] as const

export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number]

/** `rebuilding`: no complete snapshot yet (new gate, or the file was corrupt). */
export type CacheState = 'ready' | 'rebuilding'

export interface SyncStatus {
  cacheState: CacheState
  /** Highest feed seq applied. */
  feedSeq: number
  /** Highest seq the edge reported; `latestSeq - feedSeq` is the sync lag in entries. */
  latestSeq: number | undefined
  /** Unix ms of the last sync that reached the feed's end. */
  lastSyncAt: number | undefined
  /** Seconds since `lastSyncAt`: how stale the cache is; null if never synced. */
  cacheAgeSeconds: number | null
  /** The push channel is open. */
  connected: boolean
  lastError: SyncErrorCode | undefined
  /** Unix ms of `lastError`. */
  lastErrorAt: number | undefined
  /** Failed attempts in a row; the backoff grows with it. */
  failures: number
  revocations: { subjects: number; codes: number; pending: number }
}
