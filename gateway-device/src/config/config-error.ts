// The error a bad config file raises at start: a stable code and the fields that are wrong.
import { GateError, errorGuard, type GateErrorOptions } from '../errors/gate-error.ts'

export const CONFIG_ERROR_CODES = [
  /** The file could not be read (missing, no permission). */
  'CONFIG_UNREADABLE',
  /** The file is not JSON. */
  'CONFIG_NOT_JSON',
  /** The JSON does not match the schema; `fields` says where. */
  'CONFIG_INVALID',
  /** The device credential file could not be read or holds no credential. */
  'CONFIG_CREDENTIAL_UNREADABLE',
] as const

export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number]

/** One wrong field: its dotted path (`lanes.0.relay.channel`) and what is wrong. */
export interface ConfigFieldIssue {
  path: string
  message: string
}

/** Its message is what the operator reads: `config error: <path>: <problem>`, one per line. */
export class ConfigError extends GateError<ConfigErrorCode> {
  readonly fields: readonly ConfigFieldIssue[]

  constructor(
    code: ConfigErrorCode,
    message: string,
    options: GateErrorOptions & { fields?: readonly ConfigFieldIssue[] } = {},
  ) {
    super(code, message, options)
    this.fields = options.fields ?? []
  }
}

export const isConfigError = errorGuard(ConfigError)
