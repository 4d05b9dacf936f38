// The contract of a two-state input: a fire-alarm contact, a passage beam, a door switch.

/**
 * One input line. `start()` reports the current level through `onChange` as soon as it is
 * known, then every change, and never the same level twice in a row. "Active" is the
 * logical state after any inversion the input is configured with (e.g. active-low wiring).
 * Nothing is reported after `stop()` resolves.
 */
export interface DigitalInput {
  readonly name: string
  start(onChange: (active: boolean) => void): Promise<void>
  stop(): Promise<void>
}
