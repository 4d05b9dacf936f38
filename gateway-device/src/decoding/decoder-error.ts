// The one error the QR decoder throws: a stable code callers switch on.

export const DECODER_ERROR_CODES = [
  'DECODER_OPTIONS_INVALID',
  'DECODER_LOAD_FAILED',
  'DECODER_SELF_TEST_FAILED',
  'DECODER_NOT_LOADED',
  'FRAME_SIZE_INVALID',
] as const

export type DecoderErrorCode = (typeof DECODER_ERROR_CODES)[number]

export class DecoderError extends Error {
  readonly code: DecoderErrorCode

  constructor(code: DecoderErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'DecoderError'
    this.code = code
  }
}

/** Whether `err` is a decoder error carrying `code`. */
export function isDecoderError(err: unknown, code?: DecoderErrorCode): err is DecoderError {
  return err instanceof DecoderError && (code === undefined || err.code === code)
}
