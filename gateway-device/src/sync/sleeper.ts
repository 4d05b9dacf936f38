// A sleep that a nudge can cut short: the sync loop's wait between cycles.

export class Sleeper {
  #wake: (() => void) | undefined
  #timer: NodeJS.Timeout | undefined

  /** Resolves after `ms`, or at the next `wake()`. */
  sleep(ms: number): Promise<void> {
    this.wake()
    return new Promise((resolve) => {
      this.#wake = resolve
      this.#timer = setTimeout(() => this.wake(), ms)
    })
  }

  /** Ends the current sleep, if any. */
  wake(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
