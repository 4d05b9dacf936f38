// The one error relay drivers and the lane pulser throw: a stable code callers switch on.
import { GateError, errorGuard, type GateErrorOptions } from '../errors/gate-error.ts'

export const RELAY_ERROR_CODES = [
  'RELAY_CONFIG_INVALID',
  'RELAY_NOT_STARTED',
  'RELAY_BAD_CHANNEL',
  'RELAY_TIMEOUT',
  'RELAY_BAD_REPLY',
  'RELAY_EXCEPTION',
  'RELAY_RELEASE_FAILED',
  'PORT_DISCONNECTED',
  'GPIO_CHIP_MISSING',
  'GPIO_LINE_BUSY',
  'GPIO_PERMISSION_DENIED',
  'GPIO_TOOL_MISSING',
  'GPIO_TOOL_FAILED',
] as const

export type RelayErrorCode = (typeof RELAY_ERROR_CODES)[number]

/** Extra facts about a failure, safe to log. */
export interface RelayErrorDetails {
  channel?: number
  attempts?: number
  /** The Modbus exception code, for `RELAY_EXCEPTION`. */
  exceptionCode?: number
}

export class RelayError extends GateError<RelayErrorCode> {
  readonly details: RelayErrorDetails

  constructor(
    code: RelayErrorCode,
    message: string,
    options: GateErrorOptions & { details?: RelayErrorDetails } = {},
  ) {
    super(code, message, options)
    this.details = options.details ?? {}
  }
}

/** Whether `err` is a relay error carrying `code`. */
export const isRelayError = errorGuard(RelayError)
