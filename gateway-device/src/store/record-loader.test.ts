import { describe, expect, it } from 'vitest'
import { RECORD_BYTES, RECORD_WORDS } from './record-key.ts'
import { SortedRecordsLoader } from './record-loader.ts'
import { sortRecords, type SortedRecords } from './sorted-records.ts'
import { seededRandom } from './testing/random-ids.ts'

/** `count` random sorted records, keys over the whole range (top bits 0 and ffff too). */
function sortedRandom(count: number, seed: number): SortedRecords {
  const random = seededRandom(seed)
  const words = new Uint32Array(count * RECORD_WORDS)
  for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32)
  words[0] = 0x0000_0001
  words[RECORD_WORDS] = 0xffff_fff0
  return sortRecords(words, count)
}

/** The records' bytes cut into chunks of the given sizes (in records), then the rest. */
function chunksOf(
  sorted: { words: Uint32Array; count: number },
  sizes: readonly number[],
): Uint8Array[] {
  const bytes = new Uint8Array(sorted.words.buffer, 0, sorted.count * RECORD_BYTES)
  const chunks: Uint8Array[] = []
  let from = 0
  for (const size of [...sizes, sorted.count]) {
    const to = Math.min(sorted.count, from + size)
    // A copy, as SQLite hands each blob over in a buffer of its own.
    chunks.push(bytes.slice(from * RECORD_BYTES, to * RECORD_BYTES))
    from = to
    if (from === sorted.count) break
  }
  return chunks
}

function load(count: number, chunks: readonly Uint8Array[]): SortedRecords {
  const loader = new SortedRecordsLoader(count)
  for (const chunk of chunks) loader.append(chunk)
  return loader.finish()
}

describe('SortedRecordsLoader', () => {
  it('loads chunks into records that find every key, as the array they were cut from', () => {
    const original = sortedRandom(50_000, 3)
    const loaded = load(original.count, chunksOf(original, [1, 16_384, 7, 20_000]))
    expect(loaded.count).toBe(original.count)
    expect(loaded.words).toEqual(original.words.subarray(0, original.count * RECORD_WORDS))
    const w = original.words
    for (let i = 0; i < original.count; i++) {
      const at = i * RECORD_WORDS
      if (loaded.find(w[at]!, w[at + 1]!, w[at + 2]!) !== w[at + 3]!) {
        throw new Error(`record ${i} not found`)
      }
    }
    // Keys next to stored ones, in the first and last prefixes too.
    expect(loaded.find(0, 0, 0)).toBe(-1)
    expect(loaded.find(0xffff_ffff, 0xffff_ffff, 0xffff_ffff)).toBe(-1)
    expect(loaded.find(w[0]!, w[1]!, (w[2]! + 1) >>> 0)).toBe(-1)
  })

  it('loads an empty array from no chunks', () => {
    const loaded = load(0, [])
    expect(loaded.count).toBe(0)
    expect(loaded.find(1, 2, 3)).toBe(-1)
  })

  it.each([
    ['a chunk of a size that is no whole number of records', [new Uint8Array(17)]],
    ['more records than announced', [new Uint8Array(RECORD_BYTES * 3)]],
  ])('refuses %s', (_name, chunks) => {
    expect(() => load(2, chunks)).toThrow(
      expect.objectContaining({
        code: 'STORE_RECORDS_CORRUPT',
        message: 'revocation chunk has a wrong size',
      }),
    )
  })

  it('refuses chunks that stop short of the count', () => {
    const original = sortedRandom(100, 5)
    const chunks = chunksOf(original, [60]).slice(0, 1)
    expect(() => load(100, chunks)).toThrow(
      expect.objectContaining({
        code: 'STORE_RECORDS_CORRUPT',
        message: 'revocation chunks are missing records',
      }),
    )
  })

  it.each([
    ['inside a chunk', [50]],
    ['across the boundary between two chunks', [30]],
  ])('refuses records out of order %s', (_name, sizes) => {
    const original = sortedRandom(100, 9)
    const chunks = chunksOf(original, sizes)
    // Swap records 29 and 30: the first chunk ends where they meet in the second case.
    const swapped = load(100, chunks).words.slice()
    const a = swapped.slice(29 * RECORD_WORDS, 30 * RECORD_WORDS)
    swapped.copyWithin(29 * RECORD_WORDS, 30 * RECORD_WORDS, 31 * RECORD_WORDS)
    swapped.set(a, 30 * RECORD_WORDS)
    const damaged = chunksOf({ words: swapped, count: 100 }, sizes)
    expect(() => load(100, damaged)).toThrow(
      expect.objectContaining({
        code: 'STORE_RECORDS_CORRUPT',
        message: 'revocation records are out of order',
      }),
    )
  })

  it('refuses a key stored twice', () => {
    const original = sortedRandom(10, 11)
    const words = original.words.slice()
    words.copyWithin(5 * RECORD_WORDS, 4 * RECORD_WORDS, 5 * RECORD_WORDS)
    expect(() => load(10, chunksOf({ words, count: 10 }, [5]))).toThrow(
      expect.objectContaining({
        code: 'STORE_RECORDS_CORRUPT',
        message: 'revocation records are out of order',
      }),
    )
  })

  it.each([
    ['second', 1],
    ['third', 2],
  ])('orders keys that share a first word by their %s word', (_name, word) => {
    const original = sortedRandom(10, 13)
    const words = original.words.slice()
    // Records 4 and 5 share their first word (and the second, when the third decides).
    const at4 = 4 * RECORD_WORDS
    const at5 = 5 * RECORD_WORDS
    for (let w = 0; w < word; w++) words[at5 + w] = words[at4 + w]!
    words[at4 + word] = 100
    words[at5 + word] = 200
    expect(load(10, chunksOf({ words, count: 10 }, [5])).count).toBe(10)

    words[at5 + word] = 50
    expect(() => load(10, chunksOf({ words, count: 10 }, [5]))).toThrow(
      expect.objectContaining({ message: 'revocation records are out of order' }),
    )
  })
})
