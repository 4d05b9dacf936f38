// Anti-passback: remembers who passed at which lane group, for a bounded time and count.

export interface AntiPassbackOptions {
  /** Most remembered passes; the oldest are forgotten first. Default 100,000. */
  capacity?: number
}

export class AntiPassback {
  readonly #capacity: number
  /** `group \n subject` -> Unix ms of the pass. Map order is pass order: oldest first. */
  readonly #passes = new Map<string, number>()

  constructor(options: AntiPassbackOptions = {}) {
    this.#capacity = options.capacity ?? 100_000
  }

  get size(): number {
    return this.#passes.size
  }

  /** Whether `subject` passed at `group` less than `windowSeconds` before `nowMs`. */
  isRecent(group: string, subject: string, nowMs: number, windowSeconds: number): boolean {
    if (windowSeconds <= 0) return false
    const at = this.#passes.get(key(group, subject))
    return at !== undefined && nowMs - at < windowSeconds * 1000 && nowMs >= at
  }

  /** Records a pass and forgets passes older than `windowSeconds`. */
  record(group: string, subject: string, nowMs: number, windowSeconds: number): void {
    if (windowSeconds <= 0) return
    const k = key(group, subject)
    // Delete first so the entry moves to the end: the map stays in pass order.
    this.#passes.delete(k)
    this.#passes.set(k, nowMs)
    this.#evict(nowMs - windowSeconds * 1000)
  }

  #evict(before: number): void {
    for (const [k, at] of this.#passes) {
      if (at >= before && this.#passes.size <= this.#capacity) break
      this.#passes.delete(k)
    }
  }
}

function key(group: string, subject: string): string {
  return `${group}\n${subject}`
}
