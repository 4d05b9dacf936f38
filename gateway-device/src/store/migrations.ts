// Schema migrations for the gate's one SQLite file, versioned per component.
//
// Two components (this store and the daemon's outbox) add tables to the same file
// independently, so one global number (`PRAGMA user_version`) would make their
// migrations collide. Each component owns a list of steps instead; the table
// `schema_versions` records how many steps of each have run. Steps are append-only:
// never edit or reorder a shipped step, add a new one.
import type { DatabaseSync } from 'node:sqlite'
import { StoreError } from './store-error.ts'

/** One step: SQL run as a script, or a function for work SQL alone cannot do. */
export type MigrationStep = string | ((db: DatabaseSync) => void)

export interface MigrationSet {
  /** Unique and stable, e.g. `store` or `outbox`. */
  component: string
  steps: readonly MigrationStep[]
}

/** `user_version` says the file is laid out with `schema_versions`; bumped if that changes. */
export const LAYOUT_VERSION = 1

/** Applies every step not yet applied, each step in its own transaction. */
export function applyMigrations(db: DatabaseSync, sets: readonly MigrationSet[]): void {
  checkUnique(sets)
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_versions ' +
      '(component TEXT PRIMARY KEY, version INTEGER NOT NULL)',
  )
  // Written only when it differs: a write here would cost every start a durable commit.
  const layout = db.prepare('PRAGMA user_version').get() as { user_version: number }
  if (layout.user_version !== LAYOUT_VERSION) db.exec(`PRAGMA user_version = ${LAYOUT_VERSION}`)
  const read = db.prepare('SELECT version FROM schema_versions WHERE component = ?')
  const write = db.prepare(
    'INSERT INTO schema_versions (component, version) VALUES (?, ?) ' +
      'ON CONFLICT (component) DO UPDATE SET version = excluded.version',
  )

  for (const set of sets) {
    const row = read.get(set.component) as { version: number } | undefined
    const applied = row?.version ?? 0
    if (applied > set.steps.length) {
      throw new StoreError(
        'STORE_TOO_NEW',
        `store file has ${set.component} schema version ${applied}, ` +
          `this build knows ${set.steps.length}`,
      )
    }
    for (let version = applied + 1; version <= set.steps.length; version++) {
      const step = set.steps[version - 1]!
      db.exec('BEGIN IMMEDIATE')
      try {
        if (typeof step === 'string') db.exec(step)
        else step(db)
        write.run(set.component, version)
        db.exec('COMMIT')
      } catch (cause) {
        db.exec('ROLLBACK')
        throw new StoreError(
          'STORE_MIGRATION_FAILED',
          `migration ${set.component} ${version} failed`,
          { cause },
        )
      }
    }
  }
}

/** The version each component is at, for status pages and tests. */
export function schemaVersions(db: DatabaseSync): Map<string, number> {
  const rows = db.prepare('SELECT component, version FROM schema_versions').all() as {
    component: string
    version: number
  }[]
  return new Map(rows.map((r) => [r.component, r.version]))
}

function checkUnique(sets: readonly MigrationSet[]): void {
  const seen = new Set<string>()
  for (const set of sets) {
    if (seen.has(set.component)) {
      throw new StoreError('STORE_MIGRATION_FAILED', `migration set ${set.component} given twice`)
    }
    seen.add(set.component)
  }
}
