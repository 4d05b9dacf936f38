export { boardKey } from './config-consistency.ts'
export { CONFIG_ERROR_CODES, ConfigError, isConfigError } from './config-error.ts'
export type { ConfigErrorCode, ConfigFieldIssue } from './config-error.ts'
export { gateConfigSchema } from './config-schema.ts'
export type { GateConfigInput, LaneConfig, ParsedGateConfig } from './config-schema.ts'
export type {
  DigitalInputConfig,
  FeedbackConfig,
  LedFeedbackConfig,
  RelayConfig,
  SourceConfig,
} from './hardware-schema.ts'
export { loadConfig, parseConfig, resolveConfig } from './load-config.ts'
export type { GateConfig } from './load-config.ts'
