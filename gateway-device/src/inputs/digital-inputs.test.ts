// Runs the DigitalInput contract against the simulated input and the GPIO input.
import { pino } from 'pino'
import { FakeGpioTools } from '../../test/peers/fake-gpio-tools.ts'
import { describeDigitalInputContract } from './digital-input.contract.ts'
import { GpioInput } from './gpio-input.ts'
import { SimulatedInput } from './simulated-input.ts'

describeDigitalInputContract('simulated-input', async () => {
  const input = new SimulatedInput()
  return {
    input,
    drive: async (active) => input.set(active),
    dispose: async () => undefined,
  }
})

describeDigitalInputContract('gpio-input (fake gpiod tools)', async () => {
  const tools = new FakeGpioTools({ name: 'gpiochip0', lines: 32 })
  const logger = pino({ level: 'silent' })
  return {
    input: new GpioInput({ chip: 'gpiochip0', line: 5, spawn: tools.spawn, logger }),
    drive: async (active) => tools.drive(5, active ? 1 : 0),
    dispose: async () => undefined,
  }
})
