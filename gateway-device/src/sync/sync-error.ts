// The error the sync client raises for one failed read: a stable code from SYNC_ERROR_CODES.
import { GateError, errorGuard, type GateErrorOptions } from '../errors/gate-error.ts'
import type { SyncErrorCode } from './sync-status.ts'

export class SyncError extends GateError<SyncErrorCode> {
  /** HTTP status, for EDGE_HTTP_ERROR and EDGE_UNAUTHENTICATED. */
  readonly status: number | undefined

  constructor(
    code: SyncErrorCode,
    message: string,
    options: GateErrorOptions & { status?: number } = {},
  ) {
    super(code, message, options)
    this.status = options.status
  }
}

export const isSyncError = errorGuard(SyncError)
