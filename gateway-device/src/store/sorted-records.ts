// An immutable sorted array of 16-byte records with a 64K prefix index: the bulk of the cache.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { RECORD_WORDS } from './record-key.ts'

/** Entries of the prefix index, one per value of a key's top 16 bits (plus one past the end). */
export const PREFIXES = 65_536

/**
 * Records `[k0, k1, k2, value]`, ordered by key as unsigned words, keys unique.
 * `prefix[p]` is the first record whose top 16 key bits are `p`, so a lookup
 * binary-searches only the records sharing its first two bytes.
 */
export class SortedRecords {
  readonly words: Uint32Array
  readonly count: number
  readonly #prefix: Uint32Array

  /**
   * `words` must hold `count` sorted records (see `sortRecords` and `SortedRecordsLoader`).
   * `prefix` is the index the loader built on its way; built here when absent.
   */
  constructor(words: Uint32Array, count: number, prefix?: Uint32Array) {
    this.words = words
    this.count = count
    this.#prefix = prefix ?? buildPrefixIndex(words, count)
  }

  static empty(): SortedRecords {
    return new SortedRecords(new Uint32Array(0), 0)
  }

  /** Bytes held, prefix index included. */
  get byteLength(): number {
    return this.words.byteLength + this.#prefix.byteLength
  }

  /** The value stored for the key, or -1. */
  find(k0: number, k1: number, k2: number): number {
    const p = k0 >>> 16
    let lo = this.#prefix[p]!
    let hi = this.#prefix[p + 1]!
    const w = this.words
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const at = mid * RECORD_WORDS
      const c = compare(w[at]!, w[at + 1]!, w[at + 2]!, k0, k1, k2)
      if (c === 0) return w[at + 3]!
      if (c < 0) lo = mid + 1
      else hi = mid
    }
    return -1
  }
}

/** -1, 0 or 1 as key a sorts before, with or after key b. */
export function compare(
  a0: number,
  a1: number,
  a2: number,
  b0: number,
  b1: number,
  b2: number,
): number {
  if (a0 !== b0) return a0 < b0 ? -1 : 1
  if (a1 !== b1) return a1 < b1 ? -1 : 1
  if (a2 !== b2) return a2 < b2 ? -1 : 1
  return 0
}

/**
 * Sorts `count` records into a new array: a counting pass on the first key bits (16
 * to 24 of them, about two records a bucket), then each bucket sorted on its own.
 * Equal keys are folded into one record holding the larger value.
 */
export function sortRecords(words: Uint32Array, count: number): SortedRecords {
  const steps = sortSteps(words, count)
  for (;;) {
    const step = steps.next()
    if (step.done === true) return step.value
  }
}

/** The same sort, yielding to the event loop between slices: for millions of records. */
export async function sortRecordsAsync(words: Uint32Array, count: number): Promise<SortedRecords> {
  const steps = sortSteps(words, count)
  for (;;) {
    const step = steps.next()
    if (step.done === true) return step.value
    await nextTurn()
  }
}

/** Records handled between two yields of `sortSteps`. */
const SORT_SLICE = 262_144

function* sortSteps(words: Uint32Array, count: number): Generator<void, SortedRecords> {
  const bits = Math.min(24, Math.max(16, Math.ceil(Math.log2(Math.max(count, 1) / 2))))
  const shift = 32 - bits
  const buckets = 2 ** bits
  const starts = new Uint32Array(buckets + 1)
  for (let i = 0; i < count; i++) starts[(words[i * RECORD_WORDS]! >>> shift) + 1]!++
  for (let p = 0; p < buckets; p++) starts[p + 1]! += starts[p]!
  const out = new Uint32Array(count * RECORD_WORDS)
  const fill = starts.slice(0, buckets)
  for (let i = 0; i < count; i++) {
    const from = i * RECORD_WORDS
    const to = fill[words[from]! >>> shift]!++ * RECORD_WORDS
    out[to] = words[from]!
    out[to + 1] = words[from + 1]!
    out[to + 2] = words[from + 2]!
    out[to + 3] = words[from + 3]!
    if (i % SORT_SLICE === SORT_SLICE - 1) yield
  }
  let sorted = 0
  for (let p = 0; p < buckets; p++) {
    const lo = starts[p]!
    const hi = starts[p + 1]!
    sortBucket(out, lo, hi)
    sorted += hi - lo
    if (sorted >= SORT_SLICE) {
      sorted = 0
      yield
    }
  }

  const unique = foldEqual(out, count)
  const trimmed = unique === count ? out : out.slice(0, unique * RECORD_WORDS)
  return new SortedRecords(trimmed, unique)
}

function buildPrefixIndex(words: Uint32Array, count: number): Uint32Array {
  const prefix = new Uint32Array(PREFIXES + 1)
  let record = 0
  for (let p = 0; p <= PREFIXES; p++) {
    while (record < count && words[record * RECORD_WORDS]! >>> 16 < p) record++
    prefix[p] = record
  }
  return prefix
}

/** Insertion sort for the usual few records; a comparison sort on indices for crowded buckets. */
function sortBucket(w: Uint32Array, lo: number, hi: number): void {
  const n = hi - lo
  if (n < 2) return
  if (n <= 32) {
    for (let i = lo + 1; i < hi; i++) {
      const at = i * RECORD_WORDS
      const k0 = w[at]!
      const k1 = w[at + 1]!
      const k2 = w[at + 2]!
      const v = w[at + 3]!
      let j = i - 1
      while (j >= lo) {
        const bj = j * RECORD_WORDS
        if (compare(w[bj]!, w[bj + 1]!, w[bj + 2]!, k0, k1, k2) <= 0) break
        w.copyWithin(bj + RECORD_WORDS, bj, bj + RECORD_WORDS)
        j--
      }
      const to = (j + 1) * RECORD_WORDS
      w[to] = k0
      w[to + 1] = k1
      w[to + 2] = k2
      w[to + 3] = v
    }
    return
  }
  const order = Array.from({ length: n }, (_, i) => lo + i)
  order.sort((a, b) => {
    const x = a * RECORD_WORDS
    const y = b * RECORD_WORDS
    return compare(w[x]!, w[x + 1]!, w[x + 2]!, w[y]!, w[y + 1]!, w[y + 2]!)
  })
  const copy = w.slice(lo * RECORD_WORDS, hi * RECORD_WORDS)
  for (let i = 0; i < n; i++) {
    const from = (order[i]! - lo) * RECORD_WORDS
    w.set(copy.subarray(from, from + RECORD_WORDS), (lo + i) * RECORD_WORDS)
  }
}

/** Folds runs of equal keys into their first record (larger value wins); returns the new count. */
function foldEqual(w: Uint32Array, count: number): number {
  if (count === 0) return 0
  let last = 0
  for (let i = 1; i < count; i++) {
    const a = last * RECORD_WORDS
    const b = i * RECORD_WORDS
    if (w[a] === w[b] && w[a + 1] === w[b + 1] && w[a + 2] === w[b + 2]) {
      if (w[b + 3]! > w[a + 3]!) w[a + 3] = w[b + 3]!
      continue
    }
    last++
    if (last !== i) w.copyWithin(last * RECORD_WORDS, b, b + RECORD_WORDS)
  }
  return last + 1
}
