// Exponential backoff with jitter, so a fleet of gates does not retry in step.

export interface BackoffOptions {
  initialMs: number
  maxMs: number
  /** 0 <= random() < 1; injectable for tests. */
  random?: () => number
}

/**
 * The wait before retry number `failures` (1 = the first failure): doubling from
 * `initialMs` up to `maxMs`, then a random point in its upper half. Half the wait is
 * kept so a gate never hammers the edge; the other half spreads the fleet out.
 */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random
  const exponent = Math.min(Math.max(failures - 1, 0), 30)
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** exponent)
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
