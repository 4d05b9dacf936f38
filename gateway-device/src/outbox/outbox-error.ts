// The one error the outbox throws: a stable code callers switch on.
import { GateError, errorGuard } from '../errors/gate-error.ts'

export const OUTBOX_ERROR_CODES = [
  'OUTBOX_NOT_STARTED',
  /** The record does not match the shared pass-event schema. */
  'OUTBOX_RECORD_INVALID',
  /** Full of unsent passes: nothing may be dropped, so nothing new is taken. */
  'OUTBOX_FULL',
  /** SQLite refused the write (disk full, I/O error, locked too long). */
  'OUTBOX_WRITE_FAILED',
  /** The database file could not be opened or prepared. */
  'OUTBOX_OPEN_FAILED',
] as const

export type OutboxErrorCode = (typeof OUTBOX_ERROR_CODES)[number]

export class OutboxError extends GateError<OutboxErrorCode> {}

export const isOutboxError = errorGuard(OutboxError)
