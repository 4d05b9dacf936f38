// The contract every turnstile relay driver honours, whatever wire it speaks.

/**
 * Drives the relay channels of one board. Channels are numbered from 1.
 *
 * `set()` resolves once the command has been delivered (and, where the wire allows, confirmed);
 * it rejects with a `RelayError` whose `code` says why. Calls made before `start()` or after
 * `stop()` reject with `RELAY_NOT_STARTED`. A driver applies its own calls in call order.
 */
export interface RelayDriver {
  readonly name: string
  start(): Promise<void>
  /** Must release every channel before letting go of the hardware. */
  stop(): Promise<void>
  set(channel: number, energised: boolean): Promise<void>
}
