// Timing loops: warm-up, then subject and floor rounds interleaved so drift hits both alike.

/** One round of a contender: answers its samples (per-operation figures) for that round. */
export type Round = () => number[] | Promise<number[]>

export interface InterleaveOptions {
  subject: Round
  floor: Round
  /** Measured rounds of each; they alternate ABBA so neither always runs first. */
  rounds: number
  /** Rounds of each run first and thrown away (JIT, caches, page faults). */
  warmupRounds?: number
}

export interface Interleaved {
  subject: number[]
  floor: number[]
}

/** Runs warm-up rounds, then `rounds` of each contender in the order A B B A A B ... */
export async function interleave(options: InterleaveOptions): Promise<Interleaved> {
  const { subject, floor } = options
  for (let i = 0; i < (options.warmupRounds ?? 1); i++) {
    await subject()
    await floor()
  }

  const out: Interleaved = { subject: [], floor: [] }
  for (let i = 0; i < options.rounds; i++) {
    const order = i % 2 === 0 ? (['subject', 'floor'] as const) : (['floor', 'subject'] as const)
    for (const name of order) {
      const samples = await (name === 'subject' ? subject() : floor())
      out[name].push(...samples)
    }
  }
  return out
}

/** Nanoseconds now, from the monotonic high-resolution clock. */
export function nowNs(): number {
  return Number(process.hrtime.bigint())
}

/** Times each call of `op(i)` on its own: `count` samples in microseconds. */
export function timeEach(count: number, op: (i: number) => unknown): number[] {
  const samples = new Array<number>(count)
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint()
    op(i)
    samples[i] = Number(process.hrtime.bigint() - started) / 1000
  }
  return samples
}

/**
 * Times `batches` runs of `perBatch` calls of `op(i)` (i counting on across batches): one
 * sample per batch, in nanoseconds per call. For operations too short to time one by one.
 */
export function timeBatches(
  batches: number,
  perBatch: number,
  op: (i: number) => unknown,
): number[] {
  const samples = new Array<number>(batches)
  let i = 0
  let sink = 0
  for (let b = 0; b < batches; b++) {
    const started = process.hrtime.bigint()
    for (let k = 0; k < perBatch; k++) if (op(i++) === sink) sink++
    samples[b] = Number(process.hrtime.bigint() - started) / perBatch
  }
  // Read the sink so the calls cannot be optimised away.
  if (sink < 0) throw new Error('unreachable')
  return samples
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
