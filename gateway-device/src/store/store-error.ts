// The one error the gate's store throws: a stable code callers switch on.
import { GateError, errorGuard } from '../errors/gate-error.ts'

export const STORE_ERROR_CODES = [
  /** The file could not be opened or created at all (directory missing, no permission). */
  'STORE_OPEN_FAILED',
  /** A migration step failed; the file is left at the last good version. */
  'STORE_MIGRATION_FAILED',
  /** The file was written by a newer gate (a component's version is ahead of this build). */
  'STORE_TOO_NEW',
  /** The store was used before `open()` or after `close()`. */
  'STORE_NOT_OPEN',
  /** A persisted revocation record blob has the wrong size or header. */
  'STORE_RECORDS_CORRUPT',
] as const

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number]

export class StoreError extends GateError<StoreErrorCode> {}

export const isStoreError = errorGuard(StoreError)
