// Gathers the pages of an edge snapshot into packed records before they replace the cache.
import type { FeedSnapshotPage } from '@greengate/shared'
import { RECORD_WORDS, writeKey } from './record-key.ts'
import { sortRecordsAsync, type SortedRecords } from './sorted-records.ts'

/** Unsorted records of one kind in a buffer that doubles as it fills. */
class RecordBuffer {
  words = new Uint32Array(1024 * RECORD_WORDS)
  count = 0

  push(id: string, value: number): void {
    if ((this.count + 1) * RECORD_WORDS > this.words.length) {
      const bigger = new Uint32Array(this.words.length * 2)
      bigger.set(this.words)
      this.words = bigger
    }
    const at = this.count++ * RECORD_WORDS
    writeKey(id, this.words, at)
    this.words[at + 3] = value
  }

  release(): void {
    this.words = new Uint32Array(0)
    this.count = 0
  }
}

export class SnapshotBuilder {
  /** The feed seq the snapshot stands for: the first page's `asOfSeq`. */
  asOfSeq: number | undefined
  readonly retiredKids = new Set<string>()
  readonly #subjects = new RecordBuffer()
  readonly #codes = new RecordBuffer()

  get count(): number {
    return this.#subjects.count + this.#codes.count
  }

  addPage(page: FeedSnapshotPage): void {
    this.asOfSeq ??= page.asOfSeq
    for (const s of page.subjects) this.#subjects.push(s.subject, s.revokedThrough)
    for (const c of page.codes) this.#codes.push(c.jti, c.expiresAt)
    for (const kid of page.retiredKids) this.retiredKids.add(kid)
  }

  /** Sorted arrays of both kinds, sorted in slices; the builder's buffers are released. */
  async finish(): Promise<{ subjects: SortedRecords; codes: SortedRecords }> {
    const subjects = await sortRecordsAsync(this.#subjects.words, this.#subjects.count)
    this.#subjects.release()
    const codes = await sortRecordsAsync(this.#codes.words, this.#codes.count)
    this.#codes.release()
    return { subjects, codes }
  }
}
