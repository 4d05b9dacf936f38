// Runs async commands one at a time, in the order they were asked for.

/** A failed command does not stop the ones queued behind it. */
export class CommandQueue {
  #tail: Promise<void> = Promise.resolve()
  #waiting = 0

  /** How many commands are queued or running. */
  get waiting(): number {
    return this.#waiting
  }

  run<T>(command: () => Promise<T>): Promise<T> {
    this.#waiting += 1
    const result = this.#tail.then(command).finally(() => {
      this.#waiting -= 1
    })
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }

  /** Resolves once everything queued so far has finished. */
  async idle(): Promise<void> {
    await this.#tail
  }
}
