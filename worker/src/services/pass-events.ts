// Storing the pass events a gate uploads: idempotent by (device, event id), so a retried
// batch never stores a record twice.
import type { PassEventBatch, PassEventReceipt } from '@greengate/shared'
import type { DevicePrincipal } from '../http/app-env.ts'
import { chunkRows } from '../db/chunk.ts'
import type { Database } from '../db/client.ts'
import { passEvents } from '../db/schema.ts'

/** Columns bound per pass_events row: 10, so 10 rows per statement stay under 100. */
const PASS_EVENT_COLUMNS = 10

export async function storePassEvents(
  db: Database,
  device: DevicePrincipal,
  batch: PassEventBatch,
  now: number,
): Promise<PassEventReceipt> {
  // Device and checkpoint come from the credential, never from the body.
  const rows = batch.events.map((event) => ({
    deviceId: device.deviceId,
    eventId: event.id,
    checkpointId: device.checkpointId,
    lane: event.lane,
    at: event.at,
    decision: event.decision,
    reason: event.reason,
    subject: event.subject ?? null,
    jti: event.jti ?? null,
    receivedAt: now,
  }))
  const [first, ...rest] = chunkRows(rows, PASS_EVENT_COLUMNS).map((chunk) =>
    db.insert(passEvents).values(chunk).onConflictDoNothing(),
  )
  if (first === undefined) return { accepted: 0, duplicates: 0 }

  // One batch: all chunks land or none do, so a gate's retry sees a clean state.
  const results = await db.batch([first, ...rest])
  const accepted = results.reduce((sum, result) => sum + result.meta.changes, 0)
  return { accepted, duplicates: rows.length - accepted }
}
