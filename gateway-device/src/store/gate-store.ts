// The gate's one SQLite file: opened in WAL mode, checked, migrated, rebuilt when corrupt.
//
// The store, the sync client and the daemon's outbox share this file and its one
// connection (`db`). The outbox adds its tables with its own `MigrationSet`, passed
// in `migrations`; see migrations.ts. Every write is synchronous=FULL: a pass record
// must survive a power cut the moment its transaction commits.
//
// The check at open reads every page only when the file was not closed cleanly (a crash,
// a power cut, a file changed or replaced since): see clean-close-marker.ts. After a clean
// close it checks every table but the revocation cache's (see TABLES_CHECKED_AT_LOAD),
// which the cache reads whole at start anyway, checking what it reads as it goes.
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { Logger } from 'pino'
import { takeCleanMarker, writeCleanMarker } from './clean-close-marker.ts'
import { applyMigrations, type MigrationSet } from './migrations.ts'
import { storeMigrations, TABLES_CHECKED_AT_LOAD } from './schema.ts'
import { StoreError } from './store-error.ts'

/** How the file was found at open: fine, absent (new gate), or corrupt and rebuilt empty. */
export type StoreFileState = 'opened' | 'created' | 'rebuilt'

/**
 * The check the file got at open: `full` reads every page (`PRAGMA quick_check`), `tables`
 * checks every table but those read whole at start (after a clean close), `none` for a new
 * file or with `checkOnOpen: false`.
 */
export type StoreOpenCheck = 'full' | 'tables' | 'none'

export interface GateStoreOptions {
  /** The SQLite file, e.g. `<dataDir>/gate.db`. Its directory is created if missing. */
  path: string
  /** Other components' tables (the outbox's), applied after the store's own. */
  migrations?: readonly MigrationSet[]
  /** Check the file at open (default true); corrupt files are moved aside. */
  checkOnOpen?: boolean
  logger?: Logger
  /** Stamps the name a corrupt file is moved to; injectable for tests. */
  now?: () => number
}

export class GateStore {
  readonly path: string
  readonly #migrations: readonly MigrationSet[]
  readonly #checkOnOpen: boolean
  readonly #logger: Logger | undefined
  readonly #now: () => number
  #db: DatabaseSync | undefined
  #fileState: StoreFileState = 'opened'
  #openCheck: StoreOpenCheck = 'none'
  #quarantinedPath: string | undefined
  /** Cleared when something read from the file was damaged: no clean-close marker then. */
  #trusted = true

  constructor(options: GateStoreOptions) {
    this.path = options.path
    this.#migrations = options.migrations ?? []
    this.#checkOnOpen = options.checkOnOpen ?? true
    this.#logger = options.logger
    this.#now = options.now ?? Date.now
  }

  /** The shared connection. Throws `STORE_NOT_OPEN` before `open()` and after `close()`. */
  get db(): DatabaseSync {
    if (this.#db === undefined) throw new StoreError('STORE_NOT_OPEN', 'gate store is not open')
    return this.#db
  }

  get fileState(): StoreFileState {
    return this.#fileState
  }

  get openCheck(): StoreOpenCheck {
    return this.#openCheck
  }

  /**
   * Makes the next open check every page, whatever the close: for a reader that found
   * damage the checks at open did not look for (a revocation chunk of the wrong size or
   * out of order, a page SQLite could not read).
   */
  requireFullCheck(): void {
    this.#trusted = false
  }

  /**
   * Where a corrupt file was moved (with its -wal and -shm beside it), so the outbox
   * can try to salvage unsent records from it. Undefined unless `fileState` is `rebuilt`.
   */
  get quarantinedPath(): string | undefined {
    return this.#quarantinedPath
  }

  /** Opens (creating, or rebuilding a corrupt file) and migrates. Synchronous. */
  open(): void {
    if (this.#db !== undefined) return
    try {
      mkdirSync(dirname(this.path), { recursive: true })
    } catch (cause) {
      throw new StoreError('STORE_OPEN_FAILED', 'cannot create the store directory', { cause })
    }

    const existed = existsSync(this.path)
    // Taken even when the file is missing, so a stale marker never outlives its file.
    const closedCleanly = takeCleanMarker(this.path)
    this.#trusted = true
    this.#openCheck = !existed || !this.#checkOnOpen ? 'none' : closedCleanly ? 'tables' : 'full'
    let db = existed ? this.#openChecked() : undefined
    if (existed && db === undefined) this.#quarantine()
    db ??= this.#openFresh()
    this.#fileState = !existed
      ? 'created'
      : this.#quarantinedPath === undefined
        ? 'opened'
        : 'rebuilt'

    try {
      applyMigrations(db, [storeMigrations, ...this.#migrations])
    } catch (err) {
      db.close()
      throw err
    }
    this.#db = db
    this.#logger?.info({ fileState: this.#fileState, check: this.#openCheck }, 'gate store open')
  }

  /** Checkpoints and closes; marks the close clean unless damage was reported meanwhile. */
  close(): void {
    if (this.#db === undefined) return
    // A checkpoint on close keeps the -wal file small for the next cold start.
    let checkpointed = true
    try {
      this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    } catch {
      // A failed checkpoint loses nothing: the WAL is replayed at the next open.
      checkpointed = false
    }
    this.#db.close()
    this.#db = undefined
    if (checkpointed && this.#trusted && !writeCleanMarker(this.path)) {
      this.#logger?.warn('gate store closed without its clean-close marker')
    }
  }

  /** A small JSON value from `gate_meta`, or undefined. */
  getMeta(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM gate_meta WHERE key = ?').get(key) as
      { value: string } | undefined
    return row === undefined ? undefined : JSON.parse(row.value)
  }

  setMeta(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO gate_meta (key, value) VALUES (?, ?) ' +
          'ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value))
  }

  /**
   * Runs `work` in one IMMEDIATE transaction; rolls back if it throws.
   *
   * `durable: false` commits without waiting for the disk (synchronous=NORMAL), for
   * writes that can be fetched again: a power cut may lose such a commit whole, never
   * half of it, and the next durable commit flushes it along with its own.
   */
  transaction<T>(work: () => T, options: { durable?: boolean } = {}): T {
    const db = this.db
    const relaxed = options.durable === false
    if (relaxed) db.exec('PRAGMA synchronous = NORMAL')
    try {
      db.exec('BEGIN IMMEDIATE')
      try {
        const result = work()
        db.exec('COMMIT')
        return result
      } catch (err) {
        if (db.isTransaction) db.exec('ROLLBACK')
        throw err
      }
    } finally {
      if (relaxed) db.exec('PRAGMA synchronous = FULL')
    }
  }

  /** Opens an existing file; undefined when it is not a database or fails its check. */
  #openChecked(): DatabaseSync | undefined {
    let db: DatabaseSync | undefined
    try {
      db = configure(new DatabaseSync(this.path))
      const problems = checkFile(db, this.#openCheck)
      if (problems > 0) {
        this.#logger?.error({ problems, check: this.#openCheck }, 'gate store failed its check')
        db.close()
        return undefined
      }
      return db
    } catch (err) {
      this.#logger?.error({ err }, 'gate store unreadable')
      try {
        db?.close()
      } catch {
        // Already unusable; the file is moved aside next.
      }
      return undefined
    }
  }

  #openFresh(): DatabaseSync {
    try {
      return configure(new DatabaseSync(this.path))
    } catch (cause) {
      throw new StoreError('STORE_OPEN_FAILED', 'cannot create the store file', { cause })
    }
  }

  /** Moves the file and its WAL companions aside, never deleting anything. */
  #quarantine(): void {
    const aside = `${this.path}.corrupt-${this.#now()}`
    try {
      renameSync(this.path, aside)
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(this.path + suffix)) renameSync(this.path + suffix, aside + suffix)
      }
    } catch (cause) {
      throw new StoreError('STORE_OPEN_FAILED', 'cannot move the corrupt store file aside', {
        cause,
      })
    }
    this.#quarantinedPath = aside
    this.#logger?.warn({ quarantinedPath: aside }, 'corrupt gate store moved aside')
  }
}

/** Runs `PRAGMA quick_check` as `check` says; answers the number of problems it reports. */
function checkFile(db: DatabaseSync, check: StoreOpenCheck): number {
  if (check === 'none') return 0
  if (check === 'full') return problemsIn(db, 'PRAGMA quick_check')
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as {
    name: string
  }[]
  let problems = 0
  for (const { name } of tables) {
    if (TABLES_CHECKED_AT_LOAD.includes(name)) continue
    problems += problemsIn(db, `PRAGMA quick_check('${name.replaceAll("'", "''")}')`)
  }
  return problems
}

function problemsIn(db: DatabaseSync, pragma: string): number {
  const rows = db.prepare(pragma).all() as { quick_check: string }[]
  return rows.length === 1 && rows[0]?.quick_check === 'ok' ? 0 : Math.max(rows.length, 1)
}

function configure(db: DatabaseSync): DatabaseSync {
  // journal_mode reads the header, so a non-database file fails here, not later.
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = FULL')
  db.exec('PRAGMA busy_timeout = 5000')
  // After a large revocation write the WAL is cut back to this size at each checkpoint.
  db.exec(`PRAGMA journal_size_limit = ${64 * 1024 * 1024}`)
  return db
}
