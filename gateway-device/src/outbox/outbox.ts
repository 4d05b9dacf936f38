// The durable outbox: every decision is on disk before the relay moves, until the edge has it.
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { passEventSchema, type PassEvent } from '@greengate/shared'
import type { Logger } from 'pino'
import { OutboxError } from './outbox-error.ts'
import type { OutboxRow } from './outbox-schema.ts'
import { salvageOutbox } from './salvage.ts'

export interface OutboxOptions {
  /**
   * The gate store, its `outboxMigrations` applied and opened before `start()`. Its connection
   * is synchronous=FULL: a commit is on disk when it returns.
   */
  store: { readonly db: DatabaseSync; readonly quarantinedPath?: string | undefined }
  maxRows: number
  maxBytes: number
  /** Share of either limit at which `outbox-filling` is raised. */
  alarmAtFraction: number
  /**
   * Runs inside the transaction that inserts each pass, so what it writes (the anti-passback
   * log) is on disk in the same commit, at no extra fsync. A throw rolls the commit back and
   * the record fails (`OUTBOX_WRITE_FAILED`): the lane stays shut.
   */
  withPass?: (event: PassEvent) => void
  logger: Logger
}

export interface OutboxState {
  rows: number
  bytes: number
  /** Rows the edge refused on their own, kept and skipped until the next start. */
  rejected: number
  /** Refusals dropped to make room, since start. */
  droppedRefusals: number
  /** Records refused because the outbox was full of unsent passes, since start. */
  refusedWhenFull: number
  alarms: OutboxAlarm[]
}

export type OutboxAlarm = 'outbox-filling' | 'outbox-dropped-refusals' | 'outbox-full'

const SYNCHRONOUS_FULL = 2

/** Refusals held for one commit at most; a larger burst is committed at once. */
const MAX_BUFFERED = 500

interface Pending {
  event: PassEvent
  bytes: number
}

/** Some fixed cost per row on top of the record's JSON, so tiny records still count. */
const ROW_OVERHEAD_BYTES = 32

/**
 * When a record would exceed `maxRows` or `maxBytes`, the oldest unsent refusals are dropped
 * (a chunk of them, 1% of the row limit, so this does not happen on every insert) and the
 * `outbox-dropped-refusals` alarm is raised. Passes are never dropped: when nothing but passes
 * is left, new records are refused (`OUTBOX_FULL` for a pass: the lane stays shut) and
 * `outbox-full` is raised. Records the edge has acknowledged are deleted at once, so
 * everything on disk is unsent.
 */
export class Outbox {
  readonly #options: OutboxOptions
  #db: DatabaseSync | undefined
  #statements: Statements | undefined
  #rows = 0
  #bytes = 0
  #rejected = 0
  #droppedRefusals = 0
  #refusedWhenFull = 0
  #full = false
  /** Refusals waiting for the end of this event-loop turn. */
  readonly #buffer: Pending[] = []
  #flushImmediate: NodeJS.Immediate | undefined

  constructor(options: OutboxOptions) {
    this.#options = options
  }

  /** Prepares its statements on the store's connection; salvages a quarantined file's records. */
  start(): void {
    if (this.#db) return
    const { db, quarantinedPath } = this.#options.store
    if (db.prepare('PRAGMA synchronous').get()?.synchronous !== SYNCHRONOUS_FULL) {
      // A pass record must be on disk before the relay moves; NORMAL would lose the last ones.
      throw new OutboxError('OUTBOX_OPEN_FAILED', 'the store connection is not synchronous=FULL')
    }
    try {
      // A restart (often an upgrade) is the moment to offer rejected records again.
      db.exec('UPDATE pass_outbox SET rejected = 0 WHERE rejected <> 0')
      this.#statements = prepare(db)
    } catch (err) {
      throw new OutboxError('OUTBOX_OPEN_FAILED', 'cannot prepare the outbox table', { cause: err })
    }
    this.#db = db
    if (quarantinedPath !== undefined) {
      const salvaged = salvageOutbox(db, quarantinedPath, this.#options.logger)
      this.#options.logger.warn({ salvaged }, 'outbox records salvaged from the corrupt file')
    }
    this.#recount()
    this.#options.logger.info({ rows: this.#rows, bytes: this.#bytes }, 'outbox ready')
  }

  /** Commits waiting refusals and forgets its statements; the store closes the connection. */
  stop(): void {
    if (!this.#db) return
    this.#flushBuffer()
    this.#db = undefined
    this.#statements = undefined
    this.#options.logger.info({ rows: this.#rows }, 'outbox stopped')
  }

  /**
   * A pass is on disk when this returns (one fsync'd commit), before anyone moves a relay.
   * A refusal moves nothing, so it waits in memory until the end of this event-loop turn and
   * is committed with its neighbours: a burst of scanner noise costs one fsync, not hundreds.
   * Throws `OUTBOX_FULL` for a pass that does not fit; the caller must keep the lane shut.
   */
  record(event: PassEvent): void {
    this.#ready()
    const checked = passEventSchema.safeParse(event)
    if (!checked.success) {
      throw new OutboxError('OUTBOX_RECORD_INVALID', 'record does not match the pass-event schema')
    }
    const item = { event: checked.data, bytes: sizeOf(checked.data) }

    if (item.event.decision === 'refuse') {
      this.#buffer.push(item)
      if (this.#buffer.length >= MAX_BUFFERED) this.#flushBuffer()
      else this.#flushImmediate ??= setImmediate(() => this.#flushBuffer())
      return
    }
    // Refusals seen earlier go first, so the disk keeps decision order.
    this.#write([...this.#takeBuffer(), item])
  }

  /** The oldest unsent records the edge has not refused, oldest first. */
  pending(limit: number): PassEvent[] {
    this.#flushBuffer()
    const rows = this.#ready().pending.all(limit) as unknown as OutboxRow[]
    return rows.map(toEvent)
  }

  /** Deletes records the edge has acknowledged; returns how many were on disk. */
  markUploaded(ids: readonly string[]): number {
    if (ids.length === 0) return 0
    const removed = this.#ready().remove.all(JSON.stringify(ids)) as { bytes: number }[]
    this.#forget(removed)
    return removed.length
  }

  /** Keeps a record the edge refused on its own, but stops offering it until the next start. */
  markRejected(id: string): void {
    const changed = this.#ready().reject.run(id).changes
    this.#rejected += Number(changed)
  }

  state(): OutboxState {
    const buffered = this.#buffer.reduce((sum, item) => sum + item.bytes, 0)
    return {
      rows: this.#rows + this.#buffer.length,
      bytes: this.#bytes + buffered,
      rejected: this.#rejected,
      droppedRefusals: this.#droppedRefusals,
      refusedWhenFull: this.#refusedWhenFull,
      alarms: this.#alarms(),
    }
  }

  #alarms(): OutboxAlarm[] {
    const { maxRows, maxBytes, alarmAtFraction } = this.#options
    const filling =
      this.#rows >= maxRows * alarmAtFraction || this.#bytes >= maxBytes * alarmAtFraction
    const alarms: OutboxAlarm[] = []
    if (filling) alarms.push('outbox-filling')
    // Stays up until the backlog drains below the filling mark: someone should look.
    if (filling && this.#droppedRefusals > 0) alarms.push('outbox-dropped-refusals')
    if (this.#full) alarms.push('outbox-full')
    return alarms
  }

  #takeBuffer(): Pending[] {
    clearImmediate(this.#flushImmediate)
    this.#flushImmediate = undefined
    return this.#buffer.splice(0)
  }

  /** Commits waiting refusals; a failure is logged, as no caller is left to tell. */
  #flushBuffer(): void {
    const items = this.#takeBuffer()
    if (items.length === 0 || !this.#statements) return
    try {
      this.#write(items)
    } catch (err) {
      this.#options.logger.error({ err, refusals: items.length }, 'refusals not recorded')
    }
  }

  /**
   * One transaction for `items`, in order. A record that does not fit first makes room by
   * dropping the oldest refusals on disk; a refusal that still does not fit is skipped; a pass
   * that does not fit (it is always last) throws `OUTBOX_FULL` after the rest is committed.
   */
  #write(items: readonly Pending[]): void {
    const db = this.#db as DatabaseSync
    const statements = this.#ready()
    if (db.isTransaction) {
      // Someone left a transaction open on the shared connection: these inserts would not be
      // on disk at our commit, and their rollback would take them away.
      throw new OutboxError('OUTBOX_WRITE_FAILED', 'store connection is inside another transaction')
    }
    const { maxRows, maxBytes } = this.#options
    let rows = this.#rows
    let bytes = this.#bytes
    let dropped = 0
    let skipped = 0
    let passRefused = false
    const fits = (size: number) => rows + 1 <= maxRows && bytes + size <= maxBytes

    try {
      db.exec('BEGIN IMMEDIATE')
      for (const item of items) {
        if (!fits(item.bytes)) {
          const freed = statements.dropRefusals.all(Math.ceil(maxRows / 100)) as { bytes: number }[]
          rows -= freed.length
          for (const row of freed) bytes -= row.bytes
          dropped += freed.length
        }
        if (!fits(item.bytes)) {
          if (item.event.decision === 'pass') passRefused = true
          else skipped += 1
          continue
        }
        insert(statements.insert, item.event, item.bytes)
        if (item.event.decision === 'pass') this.#options.withPass?.(item.event)
        rows += 1
        bytes += item.bytes
      }
      db.exec('COMMIT')
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK')
      throw new OutboxError('OUTBOX_WRITE_FAILED', 'outbox write failed', { cause: err })
    }

    this.#rows = rows
    this.#bytes = bytes
    this.#droppedRefusals += dropped
    this.#refusedWhenFull += skipped + (passRefused ? 1 : 0)
    this.#full = passRefused || skipped > 0
    if (dropped > 0) this.#options.logger.warn({ dropped }, 'outbox full: oldest refusals dropped')
    if (this.#full) {
      this.#options.logger.error(
        { rows, bytes, skipped, passRefused },
        'outbox full of unsent passes',
      )
    }
    if (passRefused) throw new OutboxError('OUTBOX_FULL', 'outbox is full of unsent passes')
  }

  #forget(removed: readonly { bytes: number }[]): void {
    this.#rows -= removed.length
    for (const row of removed) this.#bytes -= row.bytes
  }

  #recount(): void {
    const totals = this.#ready().totals.get() as { rows: number; bytes: number | null }
    this.#rows = totals.rows
    this.#bytes = totals.bytes ?? 0
    this.#rejected = 0
  }

  #ready(): Statements {
    if (!this.#statements) throw new OutboxError('OUTBOX_NOT_STARTED', 'outbox is not started')
    return this.#statements
  }
}

interface Statements {
  insert: StatementSync
  pending: StatementSync
  remove: StatementSync
  reject: StatementSync
  dropRefusals: StatementSync
  totals: StatementSync
}

function prepare(db: DatabaseSync): Statements {
  return {
    insert: db.prepare(
      `INSERT INTO pass_outbox (id, lane, at, decision, reason, subject, jti, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    pending: db.prepare(
      `SELECT id, lane, at, decision, reason, subject, jti FROM pass_outbox
       WHERE rejected = 0 ORDER BY seq LIMIT ?`,
    ),
    remove: db.prepare(
      'DELETE FROM pass_outbox WHERE id IN (SELECT value FROM json_each(?)) RETURNING bytes',
    ),
    reject: db.prepare('UPDATE pass_outbox SET rejected = 1 WHERE id = ? AND rejected = 0'),
    dropRefusals: db.prepare(
      `DELETE FROM pass_outbox WHERE seq IN
         (SELECT seq FROM pass_outbox WHERE decision = 'refuse' ORDER BY seq LIMIT ?)
       RETURNING bytes`,
    ),
    totals: db.prepare('SELECT count(*) AS rows, sum(bytes) AS bytes FROM pass_outbox'),
  }
}

function insert(statement: StatementSync, event: PassEvent, bytes: number): void {
  const { id, lane, at, decision, reason } = event
  statement.run(id, lane, at, decision, reason, event.subject ?? null, event.jti ?? null, bytes)
}

function sizeOf(event: PassEvent): number {
  return JSON.stringify(event).length + ROW_OVERHEAD_BYTES
}

function toEvent(row: OutboxRow): PassEvent {
  return {
    id: row.id,
    lane: row.lane,
    at: row.at,
    decision: row.decision as PassEvent['decision'],
    reason: row.reason as PassEvent['reason'],
    ...(row.subject === null ? {} : { subject: row.subject }),
    ...(row.jti === null ? {} : { jti: row.jti }),
  }
}
