// The error a bad config file raises at start: a stable code and the fields that are wrong.

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
export class ConfigError extends Error {
  readonly code: ConfigErrorCode
  readonly fields: readonly ConfigFieldIssue[]

  constructor(
    code: ConfigErrorCode,
    message: string,
    options: { fields?: readonly ConfigFieldIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ConfigError'
    this.code = code
    this.fields = options.fields ?? []
  }
}

export function isConfigError(err: unknown, code?: ConfigErrorCode): err is ConfigError {
  return err instanceof ConfigError && (code === undefined || err.code === code)
}
