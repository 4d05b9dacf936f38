// Copies unsent records out of a store file that was found corrupt and moved aside.
import type { DatabaseSync } from 'node:sqlite'
import type { Logger } from 'pino'
import { OUTBOX_COLUMNS, type OutboxRow } from './outbox-schema.ts'

/**
 * The store rebuilds a corrupt file empty, which is right for the cache (the edge has it all)
 * but not for unsent pass records. This reads what it still can from the old file, row by
 * row, so a bad page loses only the rows behind it, and keeps ids, so a record the edge
 * already has is counted there as a duplicate. Returns how many rows were copied.
 */
export function salvageOutbox(db: DatabaseSync, quarantinedPath: string, logger: Logger): number {
  let copied = 0
  try {
    db.prepare('ATTACH DATABASE ? AS quarantined').run(quarantinedPath)
  } catch (err) {
    logger.error({ err }, 'quarantined store could not be opened for salvage')
    return 0
  }

  try {
    const hasTable = db
      .prepare(
        `SELECT 1 AS found FROM quarantined.sqlite_master
         WHERE type = 'table' AND name = 'pass_outbox'`,
      )
      .get()
    if (hasTable === undefined) return 0

    const insert = db.prepare(
      `INSERT OR IGNORE INTO main.pass_outbox (${OUTBOX_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const rows = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM quarantined.pass_outbox ORDER BY seq`)
    db.exec('BEGIN IMMEDIATE')
    try {
      for (const row of rows.iterate()) {
        const { id, lane, at, decision, reason, subject, jti, bytes } =
          row as unknown as SalvagedRow
        copied += Number(insert.run(id, lane, at, decision, reason, subject, jti, bytes).changes)
      }
    } catch (err) {
      logger.error({ err, copied }, 'salvage stopped at an unreadable row')
    }
    db.exec('COMMIT')
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK')
    logger.error({ err }, 'outbox salvage failed')
    copied = 0
  } finally {
    try {
      db.exec('DETACH DATABASE quarantined')
    } catch (err) {
      logger.warn({ err }, 'quarantined store not detached')
    }
  }
  return copied
}

/** A row as `OUTBOX_COLUMNS` reads it: the columns read back, and the record's size. */
type SalvagedRow = OutboxRow & { bytes: number }
