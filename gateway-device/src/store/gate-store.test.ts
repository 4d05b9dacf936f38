import { closeSync, existsSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
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

  it('after a clean close, reopens checking only the small tables, the values intact', () => {
    const first = new GateStore({ path })
    first.open()
    expect(first.openCheck).toBe('none')
    first.setMeta('feed.seq', 42)
    first.close()

    const second = new GateStore({ path })
    second.open()
    expect(second.fileState).toBe('opened')
    expect(second.openCheck).toBe('tables')
    expect(second.getMeta('feed.seq')).toBe(42)
    second.close()
  })

  it('checks every page after a crash, and moves aside a file with damaged cache pages', () => {
    const first = new GateStore({ path, now: () => 7 })
    first.open()
    const insert = first.db.prepare(
      'INSERT INTO revocation_chunks (generation, kind, part, records) ' +
        'VALUES (1, 0, ?, randomblob(1048576))',
    )
    for (let part = 0; part < 4; part++) insert.run(part)
    first.close()
    const running = new GateStore({ path, now: () => 7 })
    running.open()
    expect(running.openCheck).toBe('tables')
    // The connection goes as in a crash: without the store's own close.
    running.db.close()
    // Noise over pages of the revocation chunks, which only the full check reads.
    const fd = openSync(path, 'r+')
    writeSync(fd, Buffer.alloc(16_384, 0xa5), 0, 16_384, 2 * 1024 * 1024)
    closeSync(fd)

    const store = new GateStore({ path, now: () => 7 })
    store.open()
    expect(store.openCheck).toBe('full')
    expect(store.fileState).toBe('rebuilt')
    expect(readdirSync(join(dir.path, 'data'))).toContain('gate.db.corrupt-7')
    store.close()
  })

  it('checks every page of a file written by someone else after its clean close', () => {
    const first = new GateStore({ path })
    first.open()
    first.close()
    const other = new DatabaseSync(path)
    other.exec('CREATE TABLE elsewhere (x BLOB)')
    other.prepare('INSERT INTO elsewhere VALUES (randomblob(100000))').run()
    other.close()

    const store = new GateStore({ path })
    store.open()
    expect(store.openCheck).toBe('full')
    expect(store.fileState).toBe('opened')
    store.close()
  })

  it('checks every page at the next open once a reader reported damage', () => {
    const first = new GateStore({ path })
    first.open()
    first.close()
    const second = new GateStore({ path })
    second.open()
    second.requireFullCheck()
    second.close()

    const third = new GateStore({ path })
    third.open()
    expect(third.openCheck).toBe('full')
    third.close()
    // The full check passed, so the close after it is clean again.
    const fourth = new GateStore({ path })
    fourth.open()
    expect(fourth.openCheck).toBe('tables')
    fourth.close()
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
