// Stored records into one sorted array: checked and prefix-indexed in the same pass.
import { RECORD_BYTES, RECORD_WORDS } from './record-key.ts'
import { PREFIXES, SortedRecords } from './sorted-records.ts'
import { StoreError } from './store-error.ts'

/**
 * Checks `count` records read straight into `words` (keys strictly increasing) and indexes
 * them, in one pass; throws `STORE_RECORDS_CORRUPT` if they are out of order.
 */
export function indexLoadedRecords(words: Uint32Array, count: number): SortedRecords {
  if (words.length < count * RECORD_WORDS) {
    throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation records are truncated')
  }
  const prefix = new Uint32Array(PREFIXES + 1)
  const indexed = checkAndIndex(words, prefix, 0, count, 0)
  prefix.fill(count, indexed)
  return new SortedRecords(words, count, prefix)
}

/**
 * Builds a `SortedRecords` of `count` records from its chunks, in order. Each chunk is
 * copied into the one final array, then checked (keys strictly increasing, across chunk
 * boundaries too) and indexed while it is still in the processor's cache. Throws
 * `STORE_RECORDS_CORRUPT` on a chunk of the wrong size, records out of order, or missing
 * records: a damaged cache is never trusted.
 */
export class SortedRecordsLoader {
  readonly #count: number
  readonly #words: Uint32Array
  readonly #bytes: Uint8Array
  readonly #prefix = new Uint32Array(PREFIXES + 1)
  /** Records copied so far. */
  #filled = 0
  /** Prefix entries set so far. */
  #indexed = 0

  constructor(count: number) {
    this.#count = count
    this.#words = new Uint32Array(count * RECORD_WORDS)
    this.#bytes = new Uint8Array(this.#words.buffer)
  }

  append(chunk: Uint8Array): void {
    const from = this.#filled
    const offset = from * RECORD_BYTES
    if (chunk.byteLength % RECORD_BYTES !== 0 || offset + chunk.byteLength > this.#bytes.length) {
      throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation chunk has a wrong size')
    }
    this.#bytes.set(chunk, offset)
    const to = from + chunk.byteLength / RECORD_BYTES
    this.#indexed = checkAndIndex(this.#words, this.#prefix, from, to, this.#indexed)
    this.#filled = to
  }

  finish(): SortedRecords {
    if (this.#filled !== this.#count) {
      throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation chunks are missing records')
    }
    this.#prefix.fill(this.#count, this.#indexed)
    return new SortedRecords(this.#words, this.#count, this.#prefix)
  }
}

/**
 * Checks records `from`..`to` against each other and the record before `from`, and sets
 * `prefix[p]` to the first record whose top 16 key bits are at least `p`, for every `p`
 * from `indexed` up to the last record's. Answers the next prefix entry to set.
 */
function checkAndIndex(
  w: Uint32Array,
  prefix: Uint32Array,
  from: number,
  to: number,
  indexed: number,
): number {
  let next = indexed
  for (let i = from; i < to; i++) {
    const at = i * RECORD_WORDS
    // Both keys are read from the array each time: keeping the previous one in locals
    // made V8 mix number representations and run this loop several times slower. The first
    // words decide almost every pair; the rest are compared only when those are equal.
    if (i > 0) {
      const p = at - RECORD_WORDS
      if (w[p]! >= w[at]! && (w[p]! > w[at]! || !tailIsLater(w, p, at))) {
        throw new StoreError('STORE_RECORDS_CORRUPT', 'revocation records are out of order')
      }
    }
    const top = w[at]! >>> 16
    while (next <= top) prefix[next++] = i
  }
  return next
}

/** Whether the key at `at` is after the one at `p`, given their first words are equal. */
function tailIsLater(w: Uint32Array, p: number, at: number): boolean {
  const a1 = w[p + 1]!
  const b1 = w[at + 1]!
  if (a1 !== b1) return a1 < b1
  return w[p + 2]! < w[at + 2]!
}
