// The store's own tables: settings, trusted key sets, and the revocation cache.
import type { MigrationSet } from './migrations.ts'

/**
 * - `gate_meta`: small JSON values by key (feed seq, last sync time, the edge's
 *   device config, the clock's last known good time).
 * - `trusted_jwks`: the key set of each trusted issuer, as last fetched or configured.
 * - `retired_kids`: kids retired by the feed, by issuer.
 * - `revocation_chunks`: the sorted revocation arrays as blobs of packed 16-byte records,
 *   as builds before generation files (generation-file.ts) wrote each generation; still
 *   read, and emptied when the next generation is written as a file. `gate_meta` key
 *   `revocations.generation` names the active generation and where it lies.
 * - `revocation_deltas`: records applied since the active generation was written, one
 *   row per applied feed page, replayed on start and dropped once a generation holds them.
 */
export const storeMigrations: MigrationSet = {
  component: 'store',
  steps: [
    `CREATE TABLE gate_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
     CREATE TABLE trusted_jwks (
       iss TEXT PRIMARY KEY,
       source TEXT NOT NULL CHECK (source IN ('edge', 'static')),
       jwks TEXT NOT NULL,
       fetched_at INTEGER NOT NULL
     ) STRICT;
     CREATE TABLE retired_kids (
       iss TEXT NOT NULL,
       kid TEXT NOT NULL,
       PRIMARY KEY (iss, kid)
     ) STRICT;
     CREATE TABLE revocation_chunks (
       generation INTEGER NOT NULL,
       kind INTEGER NOT NULL,
       part INTEGER NOT NULL,
       records BLOB NOT NULL,
       PRIMARY KEY (generation, kind, part)
     ) STRICT;
     CREATE TABLE revocation_deltas (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       kind INTEGER NOT NULL,
       records BLOB NOT NULL
     ) STRICT;`,
  ],
}

/**
 * Tables the revocation cache reads whole at every start, checking what it reads (each
 * blob's size, a generation's record order; a page SQLite cannot read fails the read).
 * The check at open after a clean close skips them: they can be most of the file.
 */
export const TABLES_CHECKED_AT_LOAD: readonly string[] = ['revocation_chunks', 'revocation_deltas']
