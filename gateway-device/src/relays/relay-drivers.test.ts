// Runs the RelayDriver contract against every driver, each wired to its own kind of peer.
import { pino } from 'pino'
import { FakeGpioTools } from '../../test/peers/fake-gpio-tools.ts'
import { FakeRelayBoard } from '../../test/peers/fake-relay-board.ts'
import { ModbusPeer } from '../../test/peers/modbus-peer.ts'
import { SocatPair } from '../../test/peers/socat-pair.ts'
import { GpioRelay } from './gpio-relay.ts'
import { ModbusRtuRelay } from './modbus-rtu-relay.ts'
import { describeRelayDriverContract } from './relay-driver.contract.ts'
import { SerialRelay } from './serial-relay.ts'
import { SimulatedRelay } from './simulated-relay.ts'

const logger = pino({ level: 'silent' })
const CHANNELS = 4

describeRelayDriverContract('simulated-relay', async () => {
  const driver = new SimulatedRelay({ channels: CHANNELS, latencyMs: 1 })
  return {
    driver,
    channels: CHANNELS,
    observe: async (channel) => driver.isEnergised(channel),
    dispose: async () => undefined,
  }
})

describeRelayDriverContract('serial-relay (LCUS board on a pty)', async () => {
  const pair = await SocatPair.create()
  const board = await FakeRelayBoard.open(pair.b).catch(disposing(pair))
  return {
    driver: new SerialRelay({ path: pair.a, channels: CHANNELS, logger }),
    channels: CHANNELS,
    observe: async (channel) => board.isEnergised(channel),
    dispose: async () => {
      await board.close()
      await pair.dispose()
    },
  }
})

describeRelayDriverContract('modbus-rtu-relay (pymodbus board on a pty)', async () => {
  const pair = await SocatPair.create()
  const peer = await ModbusPeer.start(pair.b, { unit: 7, coils: CHANNELS }).catch(disposing(pair))
  return {
    driver: new ModbusRtuRelay({ path: pair.a, unitId: 7, channels: CHANNELS, logger }),
    channels: CHANNELS,
    observe: (channel) => peer.coil(channel - 1),
    dispose: async () => {
      await peer.stop()
      await pair.dispose()
    },
  }
})

describeRelayDriverContract('gpio-relay (fake gpiod tools)', async () => {
  const tools = new FakeGpioTools({ name: 'gpiochip0', lines: 32 })
  const lines = [17, 27, 22, 23]
  return {
    driver: new GpioRelay({ chip: 'gpiochip0', lines, settleMs: 5, spawn: tools.spawn, logger }),
    channels: CHANNELS,
    observe: async (channel) => tools.lineValue(lines[channel - 1] ?? -1) === 1,
    dispose: async () => undefined,
  }
})

/** Stops socat when the peer behind it could not start, then passes the failure on. */
function disposing(pair: SocatPair) {
  return async (err: unknown): Promise<never> => {
    await pair.dispose()
    throw err
  }
}
