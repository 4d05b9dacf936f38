// An input driven from code: the local demo's fire-alarm button, and tests.
import type { DigitalInput } from './digital-input.ts'

export interface SimulatedInputOptions {
  name?: string
  /** Level before anyone calls `set()`. Default inactive. */
  initial?: boolean
}

export class SimulatedInput implements DigitalInput {
  readonly name: string
  #active: boolean
  #onChange: ((active: boolean) => void) | undefined

  constructor(options: SimulatedInputOptions = {}) {
    this.name = options.name ?? 'simulated-input'
    this.#active = options.initial ?? false
  }

  get active(): boolean {
    return this.#active
  }

  /** Changes the level; reported at once if started and different. */
  set(active: boolean): void {
    if (active === this.#active) return
    this.#active = active
    this.#onChange?.(active)
  }

  async start(onChange: (active: boolean) => void): Promise<void> {
    this.#onChange = onChange
    onChange(this.#active)
  }

  async stop(): Promise<void> {
    this.#onChange = undefined
  }
}
