// Anti-passback on disk: who passed at which lane group and when, so a restart remembers it.
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { MigrationSet } from './migrations.ts'

/**
 * One row per person and lane group: their latest pass, in Unix ms by the corrected clock.
 * Wall-clock times, not monotonic ones: the monotonic clock starts again with each process.
 * Steps are append-only: never edit a shipped step, add one.
 */
export const antiPassbackMigrations: MigrationSet = {
  component: 'anti-passback',
  steps: [
    `CREATE TABLE anti_passback (
       lane_group TEXT NOT NULL,
       subject TEXT NOT NULL,
       passed_at INTEGER NOT NULL,
       PRIMARY KEY (lane_group, subject)
     ) STRICT, WITHOUT ROWID;
     CREATE INDEX anti_passback_by_time ON anti_passback (passed_at);`,
  ],
}

/** A pass as remembered: `passedAtMs` is Unix ms by the corrected clock. */
export interface RememberedPass {
  group: string
  subject: string
  passedAtMs: number
}

export interface AntiPassbackLogOptions {
  /** The gate store, `antiPassbackMigrations` applied; opened before the first call. */
  store: { readonly db: DatabaseSync }
  /** Old passes are deleted along with a new one at most this often. Default 60 s. */
  pruneEveryMs?: number
}

/**
 * Writes nothing on its own: `remember` runs inside the outbox's transaction for the pass
 * record, so the row is on disk in the same commit and costs no fsync of its own.
 */
export class AntiPassbackLog {
  readonly #options: AntiPassbackLogOptions
  readonly #pruneEveryMs: number
  #statements: Statements | undefined
  #prunedAt: number | undefined

  constructor(options: AntiPassbackLogOptions) {
    this.#options = options
    this.#pruneEveryMs = options.pruneEveryMs ?? 60_000
  }

  /** Every remembered pass, oldest first. */
  load(): RememberedPass[] {
    const rows = this.#ready().load.all() as unknown as {
      lane_group: string
      subject: string
      passed_at: number
    }[]
    return rows.map((row) => ({
      group: row.lane_group,
      subject: row.subject,
      passedAtMs: row.passed_at,
    }))
  }

  /**
   * Records a pass, keeping the later of it and the person's earlier one at that group (the
   * corrected clock can step back when the edge corrects it). Now and then it also deletes
   * passes more than `windowSeconds` older than this one: the window can no longer refuse
   * them. Call inside the pass record's transaction.
   */
  remember(pass: RememberedPass, windowSeconds: number): void {
    const statements = this.#ready()
    statements.upsert.run(pass.group, pass.subject, pass.passedAtMs)
    const at = pass.passedAtMs
    const last = this.#prunedAt
    const due = last === undefined || at < last || at - last >= this.#pruneEveryMs
    if (!due) return
    statements.prune.run(at - windowSeconds * 1000)
    this.#prunedAt = at
  }

  #ready(): Statements {
    const db = this.#options.store.db
    // A reopened store is a new connection: statements belong to the one they were made on.
    if (this.#statements?.db !== db) this.#statements = prepare(db)
    return this.#statements
  }
}

interface Statements {
  db: DatabaseSync
  load: StatementSync
  upsert: StatementSync
  prune: StatementSync
}

function prepare(db: DatabaseSync): Statements {
  return {
    db,
    load: db.prepare('SELECT lane_group, subject, passed_at FROM anti_passback ORDER BY passed_at'),
    upsert: db.prepare(
      `INSERT INTO anti_passback (lane_group, subject, passed_at) VALUES (?, ?, ?)
       ON CONFLICT (lane_group, subject)
       DO UPDATE SET passed_at = max(passed_at, excluded.passed_at)`,
    ),
    prune: db.prepare('DELETE FROM anti_passback WHERE passed_at < ?'),
  }
}
