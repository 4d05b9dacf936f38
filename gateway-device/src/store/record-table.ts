// A small open-addressing hash table of 16-byte records: recent revocations not yet merged.
import { RECORD_WORDS } from './record-key.ts'
import { sortRecordsAsync, type SortedRecords } from './sorted-records.ts'

const MIN_CAPACITY = 1024

/** Keys are unique; putting a key again keeps the larger value. Never shrinks: replace it. */
export class RecordTable {
  #words: Uint32Array
  #used: Uint8Array
  #mask: number
  #size = 0

  constructor(expected = 0) {
    let capacity = MIN_CAPACITY
    while (capacity < expected * 2) capacity *= 2
    this.#words = new Uint32Array(capacity * RECORD_WORDS)
    this.#used = new Uint8Array(capacity)
    this.#mask = capacity - 1
  }

  get size(): number {
    return this.#size
  }

  get byteLength(): number {
    return this.#words.byteLength + this.#used.byteLength
  }

  /** The value for the key, or -1. */
  get(k0: number, k1: number, k2: number): number {
    const w = this.#words
    let slot = slotOf(k0, k1, k2) & this.#mask
    while (this.#used[slot] === 1) {
      const at = slot * RECORD_WORDS
      if (w[at] === k0 && w[at + 1] === k1 && w[at + 2] === k2) return w[at + 3]!
      slot = (slot + 1) & this.#mask
    }
    return -1
  }

  put(k0: number, k1: number, k2: number, value: number): void {
    if ((this.#size + 1) * 2 > this.#used.length) this.#grow()
    const w = this.#words
    let slot = slotOf(k0, k1, k2) & this.#mask
    while (this.#used[slot] === 1) {
      const at = slot * RECORD_WORDS
      if (w[at] === k0 && w[at + 1] === k1 && w[at + 2] === k2) {
        if (value > w[at + 3]!) w[at + 3] = value
        return
      }
      slot = (slot + 1) & this.#mask
    }
    const at = slot * RECORD_WORDS
    w[at] = k0
    w[at + 1] = k1
    w[at + 2] = k2
    w[at + 3] = value
    this.#used[slot] = 1
    this.#size++
  }

  /** Puts every record of a packed array (`count` records of four words). */
  putAll(records: Uint32Array, count: number): void {
    for (let i = 0; i < count; i++) {
      const at = i * RECORD_WORDS
      this.put(records[at]!, records[at + 1]!, records[at + 2]!, records[at + 3]!)
    }
  }

  /** The records, sorted (in slices), as a new array. */
  toSorted(): Promise<SortedRecords> {
    const packed = new Uint32Array(this.#size * RECORD_WORDS)
    let o = 0
    for (let slot = 0; slot < this.#used.length; slot++) {
      if (this.#used[slot] !== 1) continue
      packed.set(this.#words.subarray(slot * RECORD_WORDS, (slot + 1) * RECORD_WORDS), o)
      o += RECORD_WORDS
    }
    return sortRecordsAsync(packed, this.#size)
  }

  #grow(): void {
    const oldWords = this.#words
    const oldUsed = this.#used
    const capacity = oldUsed.length * 2
    this.#words = new Uint32Array(capacity * RECORD_WORDS)
    this.#used = new Uint8Array(capacity)
    this.#mask = capacity - 1
    this.#size = 0
    for (let slot = 0; slot < oldUsed.length; slot++) {
      if (oldUsed[slot] !== 1) continue
      const at = slot * RECORD_WORDS
      this.put(oldWords[at]!, oldWords[at + 1]!, oldWords[at + 2]!, oldWords[at + 3]!)
    }
  }
}

/** Keys are packed or hashed ids, already well spread; one multiply mixes the words. */
function slotOf(k0: number, k1: number, k2: number): number {
  return (Math.imul(k0 ^ k2, 0x9e3779b1) ^ k1) >>> 0
}
