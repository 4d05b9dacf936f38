// The one error scan sources throw: a stable code callers switch on.

export const SCANNER_ERROR_CODES = ['SCANNER_CONFIG_INVALID', 'SCANNER_SOURCE_MISSING'] as const

export type ScannerErrorCode = (typeof SCANNER_ERROR_CODES)[number]

export class ScannerError extends Error {
  readonly code: ScannerErrorCode

  constructor(code: ScannerErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ScannerError'
    this.code = code
  }
}
