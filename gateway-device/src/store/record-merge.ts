// Merges new records into a sorted array a slice at a time, so lookups keep running meanwhile.
import { RECORD_WORDS } from './record-key.ts'
import { compare, SortedRecords } from './sorted-records.ts'

/** When dropped records leave more than this share of the output unused, it is copied smaller. */
const TRIM_SLACK = 0.05

export class RecordMerge {
  readonly #a: SortedRecords
  readonly #b: SortedRecords
  readonly #dropBelow: number
  readonly #out: Uint32Array
  #i = 0
  #j = 0
  #o = 0

  /**
   * `dropBelow`: records whose value is lower are left out (code revocations past their
   * expiry); 0 keeps everything. Equal keys keep the larger value.
   */
  constructor(main: SortedRecords, added: SortedRecords, dropBelow = 0) {
    this.#a = main
    this.#b = added
    this.#dropBelow = dropBelow
    this.#out = new Uint32Array((main.count + added.count) * RECORD_WORDS)
  }

  get done(): boolean {
    return this.#i >= this.#a.count && this.#j >= this.#b.count
  }

  /** Consumes up to `budget` input records; true once everything is merged. */
  step(budget: number): boolean {
    const a = this.#a.words
    const b = this.#b.words
    const an = this.#a.count
    const bn = this.#b.count
    const out = this.#out
    let i = this.#i
    let j = this.#j
    let o = this.#o
    for (let n = 0; n < budget && (i < an || j < bn); n++) {
      let from: Uint32Array
      let at: number
      if (j >= bn) {
        from = a
        at = i++ * RECORD_WORDS
      } else if (i >= an) {
        from = b
        at = j++ * RECORD_WORDS
      } else {
        const x = i * RECORD_WORDS
        const y = j * RECORD_WORDS
        const c = compare(a[x]!, a[x + 1]!, a[x + 2]!, b[y]!, b[y + 1]!, b[y + 2]!)
        if (c < 0) {
          from = a
          at = x
          i++
        } else if (c > 0) {
          from = b
          at = y
          j++
        } else {
          // The same key in both: one record, the later time.
          from = a[x + 3]! >= b[y + 3]! ? a : b
          at = from === a ? x : y
          i++
          j++
        }
      }
      if (from[at + 3]! < this.#dropBelow) continue
      const to = o++ * RECORD_WORDS
      out[to] = from[at]!
      out[to + 1] = from[at + 1]!
      out[to + 2] = from[at + 2]!
      out[to + 3] = from[at + 3]!
    }
    this.#i = i
    this.#j = j
    this.#o = o
    return this.done
  }

  /** The merged array; call once `step` has returned true. */
  result(): SortedRecords {
    const used = this.#o * RECORD_WORDS
    const unused = this.#out.length - used
    const words = unused > this.#out.length * TRIM_SLACK ? this.#out.slice(0, used) : this.#out
    return new SortedRecords(words, this.#o)
  }
}
