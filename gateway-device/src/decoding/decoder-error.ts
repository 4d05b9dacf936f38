// The one error the QR decoder throws: a stable code callers switch on.
import { GateError, errorGuard } from '../errors/gate-error.ts'

export const DECODER_ERROR_CODES = [
  'DECODER_OPTIONS_INVALID',
  'DECODER_LOAD_FAILED',
  'DECODER_SELF_TEST_FAILED',
  'DECODER_NOT_LOADED',
  'FRAME_SIZE_INVALID',
] as const

export type DecoderErrorCode = (typeof DECODER_ERROR_CODES)[number]

export class DecoderError extends GateError<DecoderErrorCode> {}

/** Whether `err` is a decoder error carrying `code`. */
export const isDecoderError = errorGuard(DecoderError)
