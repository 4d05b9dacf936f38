import { closeSync, existsSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GateStore } from './gate-store.ts'
import { schemaVersions } from './migrations.ts'
import { tempDir } from './testing/temp-dir.ts'

describe('GateStore', () => {
  let dir: ReturnType<typeof tempDir>
  let path: string
  beforeEach(() => {
    dir = tempDir()
    path = join(dir.path, 'data', 'gate.db')
  })
  afterEach(() => dir.remove())

  it('creates a missing file and its directory, in WAL mode with FULL sync', () => {
    const store = new GateStore({ path })
    store.open()
    expect(store.fileState).toBe('created')
    expect(store.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    expect(store.db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 })
    store.close()
  })

  it('reopens a good file as it was, meta values included', () => {
    const first = new GateStore({ path })
    first.open()
    first.setMeta('feed.seq', 42)
    first.close()
    const second = new GateStore({ path })
    second.open()
    expect(second.fileState).toBe('opened')
    expect(second.getMeta('feed.seq')).toBe(42)
    second.close()
  })

  it('applies the outbox’s migrations beside its own', () => {
    const store = new GateStore({
      path,
      migrations: [
        { component: 'outbox', steps: ['CREATE TABLE outbox_events (id TEXT PRIMARY KEY)'] },
      ],
    })
    store.open()
    expect(schemaVersions(store.db)).toEqual(
      new Map([
        ['store', 1],
        ['outbox', 1],
      ]),
    )
    store.close()
  })

  it.each([
    ['garbage bytes', Buffer.from('this is not a database at all, just noise'.repeat(200))],
    ['a truncated header', Buffer.from('SQLite format 3\u0000')],
  ])('moves a file holding %s aside and rebuilds it empty', (_name, bytes) => {
    const store = new GateStore({ path: join(dir.path, 'gate.db'), now: () => 1234 })
    writeFileSync(join(dir.path, 'gate.db'), bytes)
    store.open()
    expect(store.fileState).toBe('rebuilt')
    expect(store.quarantinedPath).toBe(join(dir.path, 'gate.db.corrupt-1234'))
    expect(existsSync(store.quarantinedPath!)).toBe(true)
    expect(store.getMeta('feed.seq')).toBeUndefined()
    store.setMeta('feed.seq', 1)
    store.close()
  })

  it('moves aside a database whose pages are damaged', () => {
    const good = new GateStore({ path, now: () => 99 })
    good.open()
    good.db.exec('CREATE TABLE filler (x BLOB)')
    const insert = good.db.prepare('INSERT INTO filler VALUES (randomblob(3000))')
    for (let i = 0; i < 200; i++) insert.run()
    good.close()
    // Overwrite pages in the middle of the file with noise, leaving the header intact.
    const fd = openSync(path, 'r+')
    writeSync(fd, Buffer.alloc(16_384, 0xa5), 0, 16_384, 8_192)
    closeSync(fd)

    const store = new GateStore({ path, now: () => 99 })
    store.open()
    expect(store.fileState).toBe('rebuilt')
    expect(readdirSync(join(dir.path, 'data'))).toContain('gate.db.corrupt-99')
    store.close()
  })

  it('refuses to be used before open with STORE_NOT_OPEN', () => {
    expect(() => new GateStore({ path }).db).toThrow(
      expect.objectContaining({ code: 'STORE_NOT_OPEN' }),
    )
  })

  it('goes back to FULL sync after a non-durable transaction, even one that throws', () => {
    const store = new GateStore({ path })
    store.open()
    store.transaction(() => store.setMeta('a', 1), { durable: false })
    expect(store.db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 })
    expect(() =>
      store.transaction(
        () => {
          throw new Error('boom')
        },
        { durable: false },
      ),
    ).toThrow('boom')
    expect(store.db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 })
    expect(store.getMeta('a')).toBe(1)
    store.close()
  })

  it('rolls back a transaction whose work throws', () => {
    const store = new GateStore({ path })
    store.open()
    expect(() =>
      store.transaction(() => {
        store.setMeta('a', 1)
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(store.getMeta('a')).toBeUndefined()
    store.close()
  })
})
