// Appends to the revocation feed. Callers put these statements in the same D1
// batch as the change they describe, so the feed never misses one; then they
// call notifyGates so online gates hear of it within a second.
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../db/client.ts'
import { feedEntries } from '../db/schema.ts'

export type NewFeedEntry =
  | { kind: 'subject_revoked'; subject: string; revokedThrough: number }
  | { kind: 'code_revoked'; jti: string; expiresAt: number }
  | { kind: 'colour_changed'; subject: string; colour: 'green' | 'yellow' | 'red'; revokedThrough: number }
  | { kind: 'key_retired'; kid: string }

/** One insert per entry (each binds 9 values, far under D1's 100). */
export function feedInserts(db: Database, at: number, entries: readonly NewFeedEntry[]): BatchItem<'sqlite'>[] {
  return entries.map((entry) =>
    db.insert(feedEntries).values({
      at,
      kind: entry.kind,
      subject: 'subject' in entry ? entry.subject : null,
      jti: 'jti' in entry ? entry.jti : null,
      colour: 'colour' in entry ? entry.colour : null,
      kid: 'kid' in entry ? entry.kid : null,
      revokedThrough: 'revokedThrough' in entry ? entry.revokedThrough : null,
      expiresAt: 'expiresAt' in entry ? entry.expiresAt : null,
    }),
  )
}

/**
 * Tells the FeedHub Durable Object that the feed grew, so it can push the news
 * to every connected gate. Best effort: gates also poll, so a failed
 * notification only delays them until their next poll.
 */
export async function notifyGates(env: Env): Promise<void> {
  const hub = env.FEED_HUB.get(env.FEED_HUB.idFromName('global'))
  await hub.fetch('https://feed-hub/notify', { method: 'POST' })
}
