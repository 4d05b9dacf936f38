// Appends to the revocation feed. Callers put these statements in the same D1 batch as
// the change they describe, so the feed never misses one; then they call notifyGates so
// online gates hear of it within a second.
import type { BatchItem } from 'drizzle-orm/batch'
import { sql, type SQL } from 'drizzle-orm'
import { primary, type Database } from '../db/client.ts'
import { feedEntries } from '../db/schema.ts'
import { broadcastFeedNotice } from '../feed/hub-client.ts'

export type NewFeedEntry =
  | { kind: 'subject_revoked'; subject: string; revokedThrough: number }
  | { kind: 'code_revoked'; jti: string; expiresAt: number }
  | {
      kind: 'colour_changed'
      subject: string
      colour: 'green' | 'yellow' | 'red'
      revokedThrough: number
    }
  | { kind: 'key_retired'; kid: string }

/** One insert per entry (each binds 8 values, far under D1's 100). */
export function feedInserts(
  db: Database,
  at: number,
  entries: readonly NewFeedEntry[],
): BatchItem<'sqlite'>[] {
  return entries.map((entry) => db.insert(feedEntries).values(rowOf(at, entry)))
}

/**
 * One entry, appended only if `condition` (an SQL boolean) holds when the batch reaches
 * it: for changes whose guard is checked inside the batch (D1 has no BEGIN), so the feed
 * never announces a change that lost a race.
 */
export function feedInsertIf(
  db: Database,
  at: number,
  entry: NewFeedEntry,
  condition: SQL,
): BatchItem<'sqlite'> {
  const v = rowOf(at, entry)
  // Every column in table order (drizzle lists them all); a NULL seq is assigned by SQLite.
  return db.insert(feedEntries)
    .select(sql`SELECT NULL, ${v.at}, ${v.kind}, ${v.subject}, ${v.jti}, ${v.colour},
    ${v.kid}, ${v.revokedThrough}, ${v.expiresAt} WHERE ${condition}`)
}

/**
 * Tells the FeedHub Durable Object the feed's latest seq, so it can push the news to
 * every connected gate. Rejects on failure; callers treat it as best effort (gates also
 * poll, so a lost notice only delays them until their next poll) and log it.
 */
export async function notifyGates(env: Env): Promise<void> {
  const row = await primary(env)
    .select({ latestSeq: sql<number>`COALESCE(MAX(${feedEntries.seq}), 0)` })
    .from(feedEntries)
    .get()
  await broadcastFeedNotice(env, row?.latestSeq ?? 0)
}

function rowOf(at: number, entry: NewFeedEntry) {
  return {
    at,
    kind: entry.kind,
    subject: 'subject' in entry ? entry.subject : null,
    jti: 'jti' in entry ? entry.jti : null,
    colour: 'colour' in entry ? entry.colour : null,
    kid: 'kid' in entry ? entry.kid : null,
    revokedThrough: 'revokedThrough' in entry ? entry.revokedThrough : null,
    expiresAt: 'expiresAt' in entry ? entry.expiresAt : null,
  }
}
