// The error the sync client raises for one failed read: a stable code from SYNC_ERROR_CODES.
import type { SyncErrorCode } from './sync-status.ts'

export class SyncError extends Error {
  readonly code: SyncErrorCode
  /** HTTP status, for EDGE_HTTP_ERROR and EDGE_UNAUTHENTICATED. */
  readonly status: number | undefined

  constructor(
    code: SyncErrorCode,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'SyncError'
    this.code = code
    this.status = options.status
  }
}

export function isSyncError(err: unknown, code?: SyncErrorCode): err is SyncError {
  return err instanceof SyncError && (code === undefined || err.code === code)
}
