import { describe, expect, it } from 'vitest'
import { RECORD_WORDS, writeKey } from './record-key.ts'
import { packRecords, RevocationIndex } from './revocation-index.ts'
import { sortRecords } from './sorted-records.ts'
import { randomId, seededRandom } from './testing/random-ids.ts'

function subjects(index: RevocationIndex, entries: { id: string; value: number }[]): void {
  index.apply('subject', packRecords(entries), entries.length)
}

describe('RevocationIndex', () => {
  it('answers 0 and false for an empty index', () => {
    const index = new RevocationIndex()
    expect(index.revokedThrough('Sub0000000000001')).toBe(0)
    expect(index.isCodeRevoked('jti000000001')).toBe(false)
  })

  it('enforces applied records at once, before any merge', () => {
    const index = new RevocationIndex()
    subjects(index, [{ id: 'Sub0000000000001', value: 100 }])
    index.apply('code', packRecords([{ id: 'jti000000001', value: 200 }]), 1)
    expect(index.revokedThrough('Sub0000000000001')).toBe(100)
    expect(index.isCodeRevoked('jti000000001')).toBe(true)
    expect(index.revokedThrough('Sub0000000000002')).toBe(0)
    expect(index.counts.pending).toBe(2)
  })

  it('keeps the later revocation time of a subject, in any order and across merges', async () => {
    const index = new RevocationIndex()
    subjects(index, [{ id: 'Sub0000000000001', value: 300 }])
    subjects(index, [{ id: 'Sub0000000000001', value: 100 }])
    expect(index.revokedThrough('Sub0000000000001')).toBe(300)
    await index.merge('subject')
    subjects(index, [{ id: 'Sub0000000000001', value: 200 }])
    expect(index.revokedThrough('Sub0000000000001')).toBe(300)
    await index.merge('subject')
    expect(index.revokedThrough('Sub0000000000001')).toBe(300)
    subjects(index, [{ id: 'Sub0000000000001', value: 400 }])
    await index.merge('subject')
    expect(index.revokedThrough('Sub0000000000001')).toBe(400)
    expect(index.sortedCount('subject')).toBe(1)
  })

  it('keeps subjects and code ids apart', () => {
    const index = new RevocationIndex()
    subjects(index, [{ id: 'Same000000000001', value: 100 }])
    expect(index.isCodeRevoked('Same000000000001')).toBe(false)
  })

  it('answers lookups while a merge runs, including records applied meanwhile', async () => {
    const index = new RevocationIndex()
    const random = seededRandom(7)
    const first = Array.from({ length: 300_000 }, () => ({ id: randomId(random), value: 10 }))
    subjects(index, first)
    const merging = index.merge('subject')
    subjects(index, [{ id: 'Late000000000001', value: 20 }])
    expect(index.revokedThrough(first[123]!.id)).toBe(10)
    expect(index.revokedThrough('Late000000000001')).toBe(20)
    expect(await merging).toBe(true)
    expect(index.sortedCount('subject')).toBe(300_000)
    expect(index.pendingOf('subject')).toBe(1)
    expect(index.revokedThrough('Late000000000001')).toBe(20)
  })

  it('drops expired code revocations when merging with a cutoff', async () => {
    const index = new RevocationIndex()
    index.apply(
      'code',
      packRecords([
        { id: 'old000', value: 50 },
        { id: 'new000', value: 150 },
      ]),
      2,
    )
    await index.merge('code', 100)
    expect(index.isCodeRevoked('old000')).toBe(false)
    expect(index.isCodeRevoked('new000')).toBe(true)
  })

  it('abandons a merge overtaken by a replace', async () => {
    const index = new RevocationIndex()
    const random = seededRandom(8)
    subjects(
      index,
      Array.from({ length: 300_000 }, () => ({ id: randomId(random), value: 10 })),
    )
    const merging = index.merge('subject')
    const replacement = packRecords([{ id: 'Snap000000000001', value: 5 }])
    index.replace('subject', sortRecords(replacement, 1))
    expect(await merging).toBe(false)
    expect(index.revokedThrough('Snap000000000001')).toBe(5)
    expect(index.counts.subjects).toBe(1)
  })

  it('holds 1M subjects in a sorted array and finds each one, and no other', async () => {
    const index = new RevocationIndex()
    const random = seededRandom(42)
    const n = 1_000_000
    const ids: string[] = new Array(n)
    const records = new Uint32Array(n * RECORD_WORDS)
    for (let i = 0; i < n; i++) {
      // A sixth of the ids are hashed (not 16 characters), as a longer-id edge would send.
      const id = randomId(random, i % 6 === 0 ? 22 : 16)
      ids[i] = id
      writeKey(id, records, i * RECORD_WORDS)
      records[i * RECORD_WORDS + 3] = 1_000 + (i % 1_000_000)
    }
    index.replace('subject', sortRecords(records, n))
    expect(index.sortedCount('subject')).toBe(n)

    for (let i = 0; i < n; i++) {
      if (index.revokedThrough(ids[i]!) !== 1_000 + i) {
        throw new Error(`subject ${i} answered ${index.revokedThrough(ids[i]!)}`)
      }
    }
    let falseHits = 0
    const other = seededRandom(43)
    for (let i = 0; i < 200_000; i++) if (index.revokedThrough(randomId(other)) !== 0) falseHits++
    expect(falseHits).toBe(0)

    // Memory: the sorted array and its prefix index, within 1.2x 16 bytes an entry.
    expect(index.counts.bytes).toBeLessThanOrEqual(n * 16 * 1.2)

    // A burst of 100k new records on top: enforced at once, and still after merging.
    const burst = Array.from({ length: 100_000 }, (_, i) => ({
      id: randomId(other),
      value: 5_000_000 + i,
    }))
    subjects(index, burst)
    expect(index.revokedThrough(burst[99_999]!.id)).toBe(5_099_999)
    expect(await index.merge('subject')).toBe(true)
    expect(index.sortedCount('subject')).toBe(n + 100_000)
    for (let i = 0; i < n; i += 97) expect(index.revokedThrough(ids[i]!)).toBe(1_000 + i)
    for (let i = 0; i < burst.length; i += 7)
      expect(index.revokedThrough(burst[i]!.id)).toBe(5_000_000 + i)
  })
})
