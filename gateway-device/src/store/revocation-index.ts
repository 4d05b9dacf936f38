// Revocations in memory: per kind a sorted array, plus recent records not yet merged into it.
//
// Lookups see three layers: the sorted array, the records being merged into it, and
// the records applied since (both small hash tables). New records are enforced the
// moment they are applied; `merge()` folds them into a new sorted array in slices,
// between which lookups and new records keep flowing.
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { RevocationView } from '@greengate/shared'
import { RECORD_BYTES, writeKey } from './record-key.ts'
import { RecordMerge } from './record-merge.ts'
import { RecordTable } from './record-table.ts'
import { SortedRecords } from './sorted-records.ts'

/** `subject`: value is revokedThrough. `code`: keyed by jti, value is expiresAt. */
export type RecordKind = 'subject' | 'code'

export interface RevocationIndexCounts {
  subjects: number
  codes: number
  /** Records applied but not yet merged (they count in `subjects`/`codes` too, roughly). */
  pending: number
  /** Bytes of every array and table held. */
  bytes: number
}

/** Input records a merge slice consumes before yielding to the event loop. */
const MERGE_SLICE = 131_072

class Layers {
  main = SortedRecords.empty()
  merging: RecordTable | undefined
  live = new RecordTable()
  /** Bumped by `replace()`: a merge started before it must not install its result. */
  epoch = 0

  find(k0: number, k1: number, k2: number): number {
    let value = this.main.find(k0, k1, k2)
    const merging = this.merging === undefined ? -1 : this.merging.get(k0, k1, k2)
    if (merging > value) value = merging
    const live = this.live.size === 0 ? -1 : this.live.get(k0, k1, k2)
    return live > value ? live : value
  }

  get pending(): number {
    return this.live.size + (this.merging?.size ?? 0)
  }

  get bytes(): number {
    return this.main.byteLength + this.live.byteLength + (this.merging?.byteLength ?? 0)
  }
}

export class RevocationIndex implements RevocationView {
  readonly #subjects = new Layers()
  readonly #codes = new Layers()
  readonly #key = new Uint32Array(3)
  #merging = false

  revokedThrough(subject: string): number {
    const k = this.#key
    writeKey(subject, k, 0)
    const value = this.#subjects.find(k[0]!, k[1]!, k[2]!)
    return value < 0 ? 0 : value
  }

  isCodeRevoked(jti: string): boolean {
    const k = this.#key
    writeKey(jti, k, 0)
    return this.#codes.find(k[0]!, k[1]!, k[2]!) >= 0
  }

  get counts(): RevocationIndexCounts {
    return {
      subjects: this.#subjects.main.count + this.#subjects.pending,
      codes: this.#codes.main.count + this.#codes.pending,
      pending: this.#subjects.pending + this.#codes.pending,
      bytes: this.#subjects.bytes + this.#codes.bytes,
    }
  }

  /** Records applied but not merged, per kind: what decides whether a merge is due. */
  pendingOf(kind: RecordKind): number {
    return this.#layers(kind).pending
  }

  sortedCount(kind: RecordKind): number {
    return this.#layers(kind).main.count
  }

  /** The sorted array of a kind, to persist. Immutable: a merge builds a new one. */
  sorted(kind: RecordKind): SortedRecords {
    return this.#layers(kind).main
  }

  /** Enforces `count` packed records at once (see `packRecords`). */
  apply(kind: RecordKind, records: Uint32Array, count: number): void {
    this.#layers(kind).live.putAll(records, count)
  }

  /** Replaces everything of a kind (a snapshot); abandons a merge in progress. */
  replace(kind: RecordKind, sorted: SortedRecords): void {
    const layers = this.#layers(kind)
    layers.main = sorted
    layers.merging = undefined
    layers.live = new RecordTable()
    layers.epoch++
  }

  /**
   * Folds pending records of `kind` into a new sorted array, a slice per event-loop turn.
   * Code records with a value below `dropBelow` (expired) are left out. Resolves true
   * when the result was installed, false when a `replace()` made it moot or a merge
   * was already running.
   */
  async merge(kind: RecordKind, dropBelow = 0): Promise<boolean> {
    if (this.#merging) return false
    const layers = this.#layers(kind)
    if (layers.live.size === 0 && dropBelow === 0) return true

    this.#merging = true
    const epoch = layers.epoch
    try {
      const frozen = layers.live
      layers.merging = frozen
      layers.live = new RecordTable()
      const added = await frozen.toSorted()
      if (epoch !== layers.epoch) return false
      const job = new RecordMerge(layers.main, added, kind === 'code' ? dropBelow : 0)
      while (!job.step(MERGE_SLICE)) {
        await nextTurn()
        if (epoch !== layers.epoch) return false
      }
      if (epoch !== layers.epoch) return false
      layers.main = job.result()
      layers.merging = undefined
      return true
    } finally {
      this.#merging = false
    }
  }

  #layers(kind: RecordKind): Layers {
    return kind === 'subject' ? this.#subjects : this.#codes
  }
}

/** Packs ids and values into records for `apply` and for persisting. */
export function packRecords(entries: readonly { id: string; value: number }[]): Uint32Array {
  const out = new Uint32Array((entries.length * RECORD_BYTES) / 4)
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!
    writeKey(entry.id, out, i * 4)
    out[i * 4 + 3] = entry.value
  }
  return out
}
