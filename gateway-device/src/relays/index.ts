// The relay layer: drivers for each kind of board, and the lane pulser that drives them.
export type { RelayDriver } from './relay-driver.ts'
export { RelayError, RELAY_ERROR_CODES, isRelayError } from './relay-error.ts'
export type { RelayErrorCode, RelayErrorDetails } from './relay-error.ts'
export { SerialRelay, type SerialRelayOptions } from './serial-relay.ts'
export { ModbusRtuRelay, type ModbusRtuRelayOptions } from './modbus-rtu-relay.ts'
export { GpioRelay, type GpioRelayOptions } from './gpio-relay.ts'
export { SimulatedRelay } from './simulated-relay.ts'
export type { RelayTransition, SimulatedRelayOptions } from './simulated-relay.ts'
export { LanePulser, type LanePulserOptions } from './lane-pulser.ts'
export type {
  DropReason,
  LaneChannel,
  LaneRelayStatus,
  PulseResult,
  RelayStatus,
} from './lane-status.ts'
export { spawnGpioTool, type GpioProcess, type SpawnGpioTool } from './gpio-tool.ts'
