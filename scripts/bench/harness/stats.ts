// Statistics for benchmark samples: percentiles, a summary, and the ratio of two figures.

export interface Summary {
  count: number
  min: number
  max: number
  mean: number
  median: number
  p90: number
  p99: number
  /** Sample standard deviation; 0 for fewer than two samples. */
  stdev: number
}

/**
 * The p-quantile (0 <= p <= 1) of ascending `sorted` samples, interpolated linearly between
 * the two nearest ranks (Hyndman and Fan's type 7, as R and NumPy answer by default).
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples')
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} is outside 0..1`)

  const h = (sorted.length - 1) * p
  const below = Math.floor(h)
  const low = sorted[below] as number
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number
  return low + (h - below) * (high - low)
}

/** Summarises samples in any order; throws on an empty list. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summary of no samples')

  const sorted = [...samples].sort((a, b) => a - b)
  const count = sorted.length
  let sum = 0
  for (const x of sorted) sum += x
  const mean = sum / count
  let squares = 0
  for (const x of sorted) squares += (x - mean) ** 2
  return {
    count,
    min: sorted[0] as number,
    max: sorted[count - 1] as number,
    mean,
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    stdev: count < 2 ? 0 : Math.sqrt(squares / (count - 1)),
  }
}

/** subject / floor for times (lower is better): 1.2 means the subject takes 20% longer. */
export function timeRatio(subject: number, floor: number): number {
  if (!(floor > 0)) throw new RangeError('the floor must be a positive time')
  return subject / floor
}

/** subject / ceiling for rates (higher is better): 0.8 means 80% of the ceiling's rate. */
export function rateRatio(subject: number, ceiling: number): number {
  if (!(ceiling > 0)) throw new RangeError('the ceiling must be a positive rate')
  return subject / ceiling
}
