// Storing the pass events a gate uploads: idempotent by (device, event id), so a retried
// batch never stores a record twice.
import type { PassEvent, PassEventBatch, PassEventReceipt } from '@greengate/shared'
import type { DevicePrincipal } from '../http/app-env.ts'
import { chunkRows, MAX_BOUND_PARAMETERS } from '../db/chunk.ts'

/** The pass_events columns every row binds, in the order rowValues binds them. */
const COLUMNS = [
  'device_id',
  'event_id',
  'checkpoint_id',
  'lane',
  'at',
  'decision',
  'reason',
  'subject',
  'jti',
  'received_at',
] as const

/** Rows per statement as chunkRows cuts them: 10, so 100 bound values. */
const ROWS_PER_CHUNK = Math.floor(MAX_BOUND_PARAMETERS / COLUMNS.length)

/**
 * The statement for a whole chunk, written once per isolate: building the SQL per chunk
 * through the query builder cost more CPU per upload than everything else in the request
 * (issue 5's ingest row).
 */
const FULL_CHUNK_SQL = insertSql(ROWS_PER_CHUNK)

/**
 * Stores the events of one upload through D1 directly (the statement text is fixed, so
 * a query builder adds only CPU). Answers how many were new and how many stored before.
 */
export async function storePassEvents(
  db: D1Database,
  device: DevicePrincipal,
  batch: PassEventBatch,
  now: number,
): Promise<PassEventReceipt> {
  const chunks = chunkRows(batch.events, COLUMNS.length)
  if (chunks.length === 0) return { accepted: 0, duplicates: 0 }

  const full = db.prepare(FULL_CHUNK_SQL)
  const statements = chunks.map((chunk) => {
    // Only the last chunk can be short; it gets its own text rather than padding.
    const statement = chunk.length === ROWS_PER_CHUNK ? full : db.prepare(insertSql(chunk.length))
    return statement.bind(...rowValues(chunk, device, now))
  })
  // One batch: all chunks land or none do, so a gate's retry sees a clean state.
  const results = await db.batch(statements)

  const accepted = results.reduce((sum, result) => sum + result.meta.changes, 0)
  return { accepted, duplicates: batch.events.length - accepted }
}

/** An INSERT of `rows` rows that skips any (device, event id) already stored. */
function insertSql(rows: number): string {
  const row = `(${COLUMNS.map(() => '?').join(', ')})`
  return (
    `INSERT INTO pass_events (${COLUMNS.join(', ')}) ` +
    `VALUES ${Array.from({ length: rows }, () => row).join(', ')} ON CONFLICT DO NOTHING`
  )
}

/** The values of a chunk, flat and in COLUMNS order; device and checkpoint from the credential. */
function rowValues(
  events: readonly PassEvent[],
  device: DevicePrincipal,
  now: number,
): (string | number | null)[] {
  const values: (string | number | null)[] = []
  for (const event of events) {
    values.push(
      device.deviceId,
      event.id,
      device.checkpointId,
      event.lane,
      event.at,
      event.decision,
      event.reason,
      event.subject ?? null,
      event.jti ?? null,
      now,
    )
  }
  return values
}
