// An on/off output (an LED line), and an adapter that drives one through a relay driver.
import type { RelayDriver } from '../relays/relay-driver.ts'

export interface DigitalOutput {
  readonly name: string
  start(): Promise<void>
  /** Turns the output off before letting go. */
  stop(): Promise<void>
  set(on: boolean): Promise<void>
}

/**
 * An LED on a GPIO line is wired like a relay coil, so the relay drivers (GPIO, or the
 * simulated one in tests and the demo) drive it: channel 1 of a one-line driver.
 */
export class RelayLineOutput implements DigitalOutput {
  readonly name: string
  readonly #driver: RelayDriver
  readonly #channel: number

  constructor(driver: RelayDriver, channel = 1) {
    this.name = `${driver.name}#${channel}`
    this.#driver = driver
    this.#channel = channel
  }

  start(): Promise<void> {
    return this.#driver.start()
  }

  stop(): Promise<void> {
    return this.#driver.stop()
  }

  set(on: boolean): Promise<void> {
    return this.#driver.set(this.#channel, on)
  }
}
