import { join } from 'node:path'
import type { FeedEntry, FeedSnapshotPage } from '@greengate/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GateStore } from './gate-store.ts'
import { RevocationCache, type RevocationCacheOptions } from './revocation-cache.ts'
import { SnapshotBuilder } from './snapshot-builder.ts'
import { randomId, seededRandom } from './testing/random-ids.ts'
import { tempDir } from './testing/temp-dir.ts'

const page = (p: Partial<FeedSnapshotPage>): FeedSnapshotPage => ({
  asOfSeq: 10,
  subjects: [],
  codes: [],
  retiredKids: [],
  ...p,
})

describe('RevocationCache', () => {
  let dir: ReturnType<typeof tempDir>
  let path: string
  const opened: GateStore[] = []

  function open(options: Partial<RevocationCacheOptions> = {}): {
    store: GateStore
    cache: RevocationCache
  } {
    const store = new GateStore({ path })
    store.open()
    opened.push(store)
    const cache = new RevocationCache({ store, ...options })
    cache.load()
    return { store, cache }
  }

  async function reopen(
    current: { store: GateStore; cache: RevocationCache },
    options: Partial<RevocationCacheOptions> = {},
  ): Promise<{ store: GateStore; cache: RevocationCache }> {
    await current.cache.stop()
    current.store.close()
    return open(options)
  }

  beforeEach(() => {
    dir = tempDir()
    path = join(dir.path, 'gate.db')
  })
  afterEach(() => {
    for (const store of opened.splice(0)) store.close()
    dir.remove()
  })

  it('starts empty and without a snapshot in a new file', () => {
    const { cache } = open()
    expect(cache.hasSnapshot).toBe(false)
    expect(cache.feedSeq).toBe(0)
    expect(cache.revokedThrough('Sub0000000000001')).toBe(0)
  })

  it('installs a snapshot and finds it again after a restart', async () => {
    let current = open()
    const builder = new SnapshotBuilder()
    builder.addPage(page({ subjects: [{ subject: 'Sub0000000000001', revokedThrough: 100 }] }))
    builder.addPage(page({ asOfSeq: 12, codes: [{ jti: 'jti000000001', expiresAt: 500 }] }))
    await current.cache.installSnapshot(builder)
    expect(current.cache.feedSeq).toBe(10)
    expect(current.cache.revokedThrough('Sub0000000000001')).toBe(100)

    current = await reopen(current)
    expect(current.cache.hasSnapshot).toBe(true)
    expect(current.cache.feedSeq).toBe(10)
    expect(current.cache.revokedThrough('Sub0000000000001')).toBe(100)
    expect(current.cache.isCodeRevoked('jti000000001')).toBe(true)
  })

  it('stores each feed page with its seq, enforces it, and replays it on restart', async () => {
    let current = open()
    await current.cache.installSnapshot(new SnapshotBuilder())
    const entries: FeedEntry[] = [
      { seq: 1, at: 1, kind: 'subject_revoked', subject: 'Sub0000000000001', revokedThrough: 100 },
      { seq: 2, at: 2, kind: 'code_revoked', jti: 'jti000000001', expiresAt: 900 },
      {
        seq: 3,
        at: 3,
        kind: 'colour_changed',
        subject: 'Sub0000000000002',
        colour: 'red',
        revokedThrough: 120,
      },
      { seq: 4, at: 4, kind: 'key_retired', kid: 'k0' },
    ]
    const retired = current.cache.applyEntries(entries, 4)
    expect(retired).toEqual(['k0'])
    expect(current.cache.revokedThrough('Sub0000000000002')).toBe(120)

    current = await reopen(current)
    expect(current.cache.feedSeq).toBe(4)
    expect(current.cache.revokedThrough('Sub0000000000001')).toBe(100)
    expect(current.cache.revokedThrough('Sub0000000000002')).toBe(120)
    expect(current.cache.isCodeRevoked('jti000000001')).toBe(true)
  })

  it('stores nothing of a page whose transaction fails', () => {
    const { cache, store } = open()
    const entry: FeedEntry = {
      seq: 5,
      at: 1,
      kind: 'subject_revoked',
      subject: 'Sub0000000000001',
      revokedThrough: 1,
    }
    expect(() =>
      cache.applyEntries([entry], 5, () => {
        throw new Error('disk full')
      }),
    ).toThrow('disk full')
    expect(cache.feedSeq).toBe(0)
    expect(cache.revokedThrough('Sub0000000000001')).toBe(0)
    expect(store.db.prepare('SELECT count(*) AS n FROM revocation_deltas').get()).toEqual({ n: 0 })
  })

  it('folds deltas into a new generation and drops the delta rows', async () => {
    let current = open({ mergeAtPending: 1, compactAtDeltaRecords: 2 })
    await current.cache.installSnapshot(new SnapshotBuilder())
    current.cache.applyEntries(
      [
        {
          seq: 1,
          at: 1,
          kind: 'subject_revoked',
          subject: 'Sub0000000000001',
          revokedThrough: 100,
        },
        {
          seq: 2,
          at: 1,
          kind: 'subject_revoked',
          subject: 'Sub0000000000002',
          revokedThrough: 200,
        },
      ],
      2,
    )
    await current.cache.flush()
    const rows = current.store.db.prepare('SELECT count(*) AS n FROM revocation_deltas').get()
    expect(rows).toEqual({ n: 0 })
    expect(current.cache.counts).toMatchObject({ subjects: 2, pending: 0, deltaRecords: 0 })

    current = await reopen(current)
    expect(current.cache.revokedThrough('Sub0000000000002')).toBe(200)
    expect(current.cache.feedSeq).toBe(2)
  })

  it('forgets code revocations past their expiry when merging', async () => {
    const { cache } = open({ expiredBefore: () => 1_000 })
    await cache.installSnapshot(new SnapshotBuilder())
    cache.applyEntries(
      [
        { seq: 1, at: 1, kind: 'code_revoked', jti: 'gone00', expiresAt: 999 },
        { seq: 2, at: 1, kind: 'code_revoked', jti: 'kept00', expiresAt: 1_000 },
      ],
      2,
    )
    await cache.flush()
    expect(cache.isCodeRevoked('gone00')).toBe(false)
    expect(cache.isCodeRevoked('kept00')).toBe(true)
  })

  it.each([
    ['a chunk of the wrong size', "UPDATE revocation_chunks SET records = x'0102'"],
    ['a missing chunk', 'DELETE FROM revocation_chunks'],
    ['a damaged delta row', "INSERT INTO revocation_deltas (kind, records) VALUES (0, x'010203')"],
    [
      'records out of order',
      "UPDATE revocation_chunks SET records = x'" + 'ff'.repeat(16) + '00'.repeat(16) + "'",
    ],
  ])('drops the whole cache and asks for a snapshot when it finds %s', async (_name, damage) => {
    let current = open()
    const builder = new SnapshotBuilder()
    builder.addPage(
      page({
        subjects: [
          { subject: 'Sub0000000000001', revokedThrough: 100 },
          { subject: 'Sub0000000000002', revokedThrough: 100 },
        ],
      }),
    )
    await current.cache.installSnapshot(builder)
    current.store.db.exec(damage)

    current = await reopen(current)
    expect(current.cache.hasSnapshot).toBe(false)
    expect(current.cache.feedSeq).toBe(0)
    expect(current.cache.revokedThrough('Sub0000000000001')).toBe(0)
  })

  it('loads a cache of 1M revocations back intact', async () => {
    let current = open()
    const random = seededRandom(99)
    const n = 1_000_000
    const ids: string[] = []
    const builder = new SnapshotBuilder()
    for (let p = 0; p < n / 10_000; p++) {
      const subjects = Array.from({ length: 10_000 }, (_, i) => {
        const subject = randomId(random)
        ids.push(subject)
        return { subject, revokedThrough: p * 10_000 + i + 1 }
      })
      builder.addPage(page({ asOfSeq: 77, subjects }))
    }
    await current.cache.installSnapshot(builder)

    current = await reopen(current)
    expect(current.cache.hasSnapshot).toBe(true)
    expect(current.cache.counts.subjects).toBe(n)
    for (let i = 0; i < n; i += 13) {
      if (current.cache.revokedThrough(ids[i]!) !== i + 1) throw new Error(`subject ${i} lost`)
    }
    expect(current.cache.revokedThrough(randomId(seededRandom(1)))).toBe(0)
  })
})
