// Anti-passback: remembers who passed at which lane group, for a bounded time and count.
import type { RememberedPass } from '../store/anti-passback-log.ts'

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

  /**
   * Takes passes from before a restart, in any order. Their times are by the corrected wall
   * clock, whose reading now is `wallNowMs`; each is placed its age before `nowMs`. A pass
   * from the future (the clock stepped back) counts as just now: refusing a little longer is
   * the safe error. A pass of this run is the person's latest at that group and stays.
   */
  restore(
    passes: readonly RememberedPass[],
    wallNowMs: number,
    nowMs: number,
    windowSeconds: number,
  ): void {
    if (windowSeconds <= 0) return
    const restored = new Map<string, number>()
    for (const pass of passes) {
      const k = key(pass.group, pass.subject)
      const at = nowMs - Math.max(0, wallNowMs - pass.passedAtMs)
      if (nowMs - at >= windowSeconds * 1000 || this.#passes.has(k)) continue
      restored.set(k, Math.max(at, restored.get(k) ?? at))
    }
    const entries = [...this.#passes, ...restored]
    // The map must stay in pass order for eviction.
    entries.sort((a, b) => a[1] - b[1])
    this.#passes.clear()
    for (const [k, at] of entries) this.#passes.set(k, at)
    this.#evict(nowMs - windowSeconds * 1000)
  }

  #evict(before: number): void {
    for (const [k, at] of this.#passes) {
      if (at >= before && this.#passes.size <= this.#capacity) break
      this.#passes.delete(k)
    }
  }
}

/** A lane's anti-passback group: the configured one, else a group of its own. */
export function laneGroupOf(laneGroups: ReadonlyMap<number, string>, lane: number): string {
  return laneGroups.get(lane) ?? `lane-${lane}`
}

function key(group: string, subject: string): string {
  return `${group}\n${subject}`
}
