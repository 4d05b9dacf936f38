// The one error the outbox throws: a stable code callers switch on.

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

export class OutboxError extends Error {
  readonly code: OutboxErrorCode

  constructor(code: OutboxErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'OutboxError'
    this.code = code
  }
}

export function isOutboxError(err: unknown, code?: OutboxErrorCode): err is OutboxError {
  return err instanceof OutboxError && (code === undefined || err.code === code)
}
