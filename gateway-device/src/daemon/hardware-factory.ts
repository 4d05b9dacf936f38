// Builds the gate's hardware from its config; tests swap in simulated parts through the same seam.
import type { Logger } from 'pino'
import type {
  DigitalInputConfig,
  LedFeedbackConfig,
  SourceConfig,
} from '../config/hardware-schema.ts'
import { RelayLineOutput, type DigitalOutput } from '../feedback/digital-output.ts'
import type { DigitalInput } from '../inputs/digital-input.ts'
import { GpioInput } from '../inputs/gpio-input.ts'
import { SimulatedInput } from '../inputs/simulated-input.ts'
import { GpioRelay } from '../relays/gpio-relay.ts'
import { ModbusRtuRelay } from '../relays/modbus-rtu-relay.ts'
import type { RelayDriver } from '../relays/relay-driver.ts'
import { SerialRelay } from '../relays/serial-relay.ts'
import { SimulatedRelay } from '../relays/simulated-relay.ts'
import { CameraSource } from '../scanners/camera-source.ts'
import { LineSource } from '../scanners/line-source.ts'
import type { ScanSource } from '../scanners/scan-source.ts'
import { SerialScanner } from '../scanners/serial-scanner.ts'
import type { RelayBoard } from './relay-boards.ts'

export interface HardwareFactory {
  relayDriver(board: RelayBoard, logger: Logger): RelayDriver
  scanSource(source: SourceConfig, lane: number, logger: Logger): ScanSource
  digitalInput(input: DigitalInputConfig, name: string, logger: Logger): DigitalInput
  /** One LED line of a lane's LED feedback. */
  ledOutput(led: LedFeedbackConfig, line: number, logger: Logger): DigitalOutput
}

/** The real drivers, as the config names them. */
export const realHardware: HardwareFactory = {
  relayDriver(board, logger) {
    const { relay, channels } = board
    switch (relay.driver) {
      case 'gpio':
        return new GpioRelay({
          chip: relay.chip,
          lines: board.lines,
          activeLow: relay.activeLow,
          logger,
        })
      case 'serial':
        return new SerialRelay({
          path: relay.path,
          channels,
          ...(relay.baudRate === undefined ? {} : { baudRate: relay.baudRate }),
          logger,
        })
      case 'modbus': {
        const { path, unitId, firstCoil, baudRate, parity, stopBits, timeoutMs, retries } = relay
        return new ModbusRtuRelay({
          path,
          unitId,
          channels,
          ...definedOnly({ firstCoil, baudRate, parity, stopBits, timeoutMs, retries }),
          logger,
        })
      }
      case 'simulated':
        return new SimulatedRelay({ channels, latencyMs: relay.latencyMs ?? 0, logger })
    }
  },

  scanSource(source, lane, logger) {
    switch (source.type) {
      case 'camera':
        return new CameraSource({
          lane,
          input: source.input,
          width: source.width,
          height: source.height,
          ...(source.holdOffMs === undefined ? {} : { holdOffMs: source.holdOffMs }),
          logger,
        })
      case 'serial':
        return new SerialScanner({ path: source.path, lane, baudRate: source.baudRate, logger })
      case 'lines':
        return new LineSource(
          source.path === 'stdin' ? { lane, logger } : { lane, path: source.path, logger },
        )
    }
  },

  digitalInput(input, name, logger) {
    if (input.driver === 'simulated') return new SimulatedInput({ name })
    const { chip, line, activeLow, bias } = input
    return new GpioInput({
      chip,
      line,
      activeLow,
      ...(bias === undefined ? {} : { bias }),
      name,
      logger,
    })
  },

  ledOutput(led, line, logger) {
    const driver =
      led.driver === 'simulated'
        ? new SimulatedRelay({ channels: 1, name: `led:${line}` })
        : new GpioRelay({ chip: led.chip, lines: [line], activeLow: led.activeLow, logger })
    return new RelayLineOutput(driver)
  },
}

/** Leaves out undefined options, as exactOptionalPropertyTypes wants. */
function definedOnly<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value
  return out as { [K in keyof T]?: Exclude<T[K], undefined> }
}
