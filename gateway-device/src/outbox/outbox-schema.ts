// The outbox's table in the gate's SQLite file: one row per decision, pass-event fields only.
import type { MigrationSet } from '../store/migrations.ts'

/**
 * `seq` orders uploads (oldest first) and the drop policy. `bytes` is the record's own size,
 * summed for the byte limit. `rejected` marks a record the edge refused on its own (HTTP 400):
 * it stays on disk, skipped until the next start, so one bad record cannot block the rest.
 * Steps are append-only: never edit a shipped step, add one.
 */
export const outboxMigrations: MigrationSet = {
  component: 'outbox',
  steps: [
    `CREATE TABLE pass_outbox (
       seq INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       lane INTEGER NOT NULL,
       at INTEGER NOT NULL,
       decision TEXT NOT NULL CHECK (decision IN ('pass', 'refuse')),
       reason TEXT NOT NULL,
       subject TEXT,
       jti TEXT,
       bytes INTEGER NOT NULL,
       rejected INTEGER NOT NULL DEFAULT 0
     ) STRICT;
     CREATE INDEX pass_outbox_by_decision ON pass_outbox (decision, seq);`,
  ],
}

/** The columns of a row as read back. */
export interface OutboxRow {
  id: string
  lane: number
  at: number
  decision: string
  reason: string
  subject: string | null
  jti: string | null
}

/** The columns copied when salvaging rows from a quarantined file. */
export const OUTBOX_COLUMNS = 'id, lane, at, decision, reason, subject, jti, bytes'
