import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
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

  const generationFile = (store: GateStore): string => {
    const meta = store.getMeta('revocations.generation') as { generation: number }
    return `${path}.revocations-${meta.generation}`
  }

  /** Rewrites the active generation as chunk rows, as builds before generation files did. */
  function toChunkLayout(store: GateStore): void {
    const meta = store.getMeta('revocations.generation') as {
      generation: number
      subjects: number
      codes: number
      file?: boolean
    }
    const file = generationFile(store)
    const bytes = readFileSync(file)
    const insert = store.db.prepare(
      'INSERT INTO revocation_chunks (generation, kind, part, records) VALUES (?, ?, ?, ?)',
    )
    const chunkBytes = 65_536 * 16
    store.transaction(() => {
      for (const [kind, from, to] of [
        [0, 0, meta.subjects * 16],
        [1, meta.subjects * 16, (meta.subjects + meta.codes) * 16],
      ] as const) {
        for (let part = 0, at = from; at < to; part++, at += chunkBytes) {
          insert.run(meta.generation, kind, part, bytes.subarray(at, Math.min(to, at + chunkBytes)))
        }
      }
      const { file: _file, ...older } = meta
      store.setMeta('revocations.generation', older)
    })
    rmSync(file)
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

  const unsorted = Buffer.from('ff'.repeat(16) + '00'.repeat(16), 'hex')
  it.each<[string, (store: GateStore) => void]>([
    ['a file of the wrong size', (store) => truncateSync(generationFile(store), 24)],
    ['a missing file', (store) => rmSync(generationFile(store))],
    ['records out of order in the file', (store) => writeFileSync(generationFile(store), unsorted)],
    [
      'a damaged delta row',
      (store) =>
        store.db.exec("INSERT INTO revocation_deltas (kind, records) VALUES (0, x'010203')"),
    ],
    [
      'a chunk of the wrong size (older layout)',
      (store) => {
        toChunkLayout(store)
        store.db.exec("UPDATE revocation_chunks SET records = x'0102'")
      },
    ],
    [
      'a missing chunk (older layout)',
      (store) => {
        toChunkLayout(store)
        store.db.exec('DELETE FROM revocation_chunks')
      },
    ],
    [
      'records out of order (older layout)',
      (store) => {
        toChunkLayout(store)
        store.db.prepare('UPDATE revocation_chunks SET records = ?').run(unsorted)
      },
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
    damage(current.store)

    current = await reopen(current)
    expect(current.cache.hasSnapshot).toBe(false)
    expect(current.cache.feedSeq).toBe(0)
    expect(current.cache.revokedThrough('Sub0000000000001')).toBe(0)
  })

  it('finds the same revocations after a clean restart, read from its file', async () => {
    let current = open()
    const random = seededRandom(5)
    const subjects = Array.from({ length: 150_000 }, (_, i) => ({
      subject: randomId(random),
      revokedThrough: i + 1,
    }))
    const codes = Array.from({ length: 70_000 }, (_, i) => ({
      jti: randomId(random, 12),
      expiresAt: i + 1,
    }))
    const builder = new SnapshotBuilder()
    builder.addPage(page({ asOfSeq: 33, subjects, codes }))
    await current.cache.installSnapshot(builder)

    current = await reopen(current)
    expect(current.store.openCheck).toBe('tables')
    expect(current.cache.hasSnapshot).toBe(true)
    expect(current.cache.feedSeq).toBe(33)
    expect(current.cache.counts).toMatchObject({ subjects: 150_000, codes: 70_000 })
    for (const { subject, revokedThrough } of subjects) {
      if (current.cache.revokedThrough(subject) !== revokedThrough) throw new Error('subject lost')
    }
    for (const { jti } of codes) {
      if (!current.cache.isCodeRevoked(jti)) throw new Error('code lost')
    }
    expect(current.cache.revokedThrough(randomId(seededRandom(6)))).toBe(0)
  })

  it('refuses chunks (older layout) out of order; the next open checks every page', async () => {
    let current = open()
    const random = seededRandom(8)
    const builder = new SnapshotBuilder()
    builder.addPage(
      page({
        subjects: Array.from({ length: 140_000 }, () => ({
          subject: randomId(random),
          revokedThrough: 100,
        })),
      }),
    )
    await current.cache.installSnapshot(builder)
    toChunkLayout(current.store)
    // Each chunk is sorted on its own; swapped, they are out of order where they meet.
    current.store.db.exec(
      'UPDATE revocation_chunks SET part = 99 WHERE kind = 0 AND part = 0;' +
        'UPDATE revocation_chunks SET part = 0 WHERE kind = 0 AND part = 1;' +
        'UPDATE revocation_chunks SET part = 1 WHERE kind = 0 AND part = 99;',
    )

    current = await reopen(current)
    expect(current.store.openCheck).toBe('tables')
    expect(current.cache.hasSnapshot).toBe(false)
    expect(current.cache.counts.subjects).toBe(0)
    current = await reopen(current)
    expect(current.store.openCheck).toBe('full')
  })

  it('fails to load chunk pages damaged after a clean close; the next open rebuilds', async () => {
    let current = open()
    const random = seededRandom(10)
    const builder = new SnapshotBuilder()
    builder.addPage(
      page({
        subjects: Array.from({ length: 200_000 }, () => ({
          subject: randomId(random),
          revokedThrough: 100,
        })),
      }),
    )
    await current.cache.installSnapshot(builder)
    toChunkLayout(current.store)
    await current.cache.stop()
    current.store.close()
    // Noise over revocation pages (a disk's doing: no check at open looks there after a
    // clean close); a store opened without its check closes cleanly over the damage.
    const fd = openSync(path, 'r+')
    writeSync(fd, Buffer.alloc(16_384, 0xa5), 0, 16_384, 2 * 1024 * 1024)
    closeSync(fd)
    const blind = new GateStore({ path, checkOnOpen: false })
    blind.open()
    blind.close()

    const store = new GateStore({ path })
    store.open()
    opened.push(store)
    expect(store.openCheck).toBe('tables')
    const cache = new RevocationCache({ store })
    expect(() => cache.load()).toThrow(expect.objectContaining({ code: 'STORE_RECORDS_CORRUPT' }))
    expect(cache.hasSnapshot).toBe(false)
    expect(cache.counts.subjects).toBe(0)
    store.close()

    const next = open()
    expect(next.store.openCheck).toBe('full')
    expect(next.store.fileState).toBe('rebuilt')
    expect(next.cache.hasSnapshot).toBe(false)
  })

  it('loads chunks an older build wrote, and writes the next generation as a file', async () => {
    let current = open({ mergeAtPending: 1, compactAtDeltaRecords: 1 })
    const builder = new SnapshotBuilder()
    builder.addPage(page({ subjects: [{ subject: 'Sub0000000000001', revokedThrough: 100 }] }))
    await current.cache.installSnapshot(builder)
    toChunkLayout(current.store)

    current = await reopen(current, { mergeAtPending: 1, compactAtDeltaRecords: 1 })
    expect(current.cache.hasSnapshot).toBe(true)
    expect(current.cache.revokedThrough('Sub0000000000001')).toBe(100)
    current.cache.applyEntries(
      [{ seq: 1, at: 1, kind: 'subject_revoked', subject: 'Sub0000000000002', revokedThrough: 7 }],
      1,
    )
    await current.cache.flush()
    expect(existsSync(generationFile(current.store))).toBe(true)
    expect(current.store.db.prepare('SELECT count(*) AS n FROM revocation_chunks').get()).toEqual({
      n: 0,
    })

    current = await reopen(current)
    expect(current.cache.revokedThrough('Sub0000000000001')).toBe(100)
    expect(current.cache.revokedThrough('Sub0000000000002')).toBe(7)
  })

  it('keeps only the active generation file, removing one a crash left half written', async () => {
    let current = open({ mergeAtPending: 1, compactAtDeltaRecords: 1 })
    await current.cache.installSnapshot(new SnapshotBuilder())
    current.cache.applyEntries(
      [{ seq: 1, at: 1, kind: 'subject_revoked', subject: 'Sub0000000000001', revokedThrough: 9 }],
      1,
    )
    await current.cache.flush()
    writeFileSync(`${path}.revocations-99`, Buffer.alloc(5))

    current = await reopen(current)
    const files = readdirSync(dir.path).filter((name) => name.includes('.revocations-'))
    expect(files).toEqual([generationFile(current.store).slice(dir.path.length + 1)])
    expect(current.cache.revokedThrough('Sub0000000000001')).toBe(9)
  })

  it('forgets the generation file of a store file rebuilt as corrupt', async () => {
    let current = open()
    const builder = new SnapshotBuilder()
    builder.addPage(page({ subjects: [{ subject: 'Sub0000000000001', revokedThrough: 100 }] }))
    await current.cache.installSnapshot(builder)
    await current.cache.stop()
    current.store.close()
    writeFileSync(path, Buffer.alloc(8_192, 0x42))

    current = open()
    expect(current.store.fileState).toBe('rebuilt')
    expect(current.cache.hasSnapshot).toBe(false)
    expect(readdirSync(dir.path).filter((name) => name.includes('.revocations-'))).toEqual([])
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
