// The revocation feed as gates read it: deltas since a sequence number, oldest first.
import type { FeedEntry, FeedPage } from '@greengate/shared'
import { asc, gt, sql } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import { feedEntries } from '../db/schema.ts'

export type FeedRow = typeof feedEntries.$inferSelect

export const DEFAULT_FEED_PAGE = 500
export const MAX_FEED_PAGE = 1000

/** Entries with seq > since. `db` may be a replica: a lagging one only answers fewer entries. */
export async function readFeedPage(db: Database, since: number, limit: number): Promise<FeedPage> {
  const [rows, [latest]] = await db.batch([
    db
      .select()
      .from(feedEntries)
      .where(gt(feedEntries.seq, since))
      .orderBy(asc(feedEntries.seq))
      .limit(limit + 1),
    db
      .select({ latestSeq: sql<number>`COALESCE(MAX(${feedEntries.seq}), 0)`.as('latest_seq') })
      .from(feedEntries),
  ])
  const page = rows.slice(0, limit).map(toFeedEntry)
  return {
    entries: page,
    nextSince: page.at(-1)?.seq ?? since,
    hasMore: rows.length > limit,
    latestSeq: latest?.latestSeq ?? 0,
  }
}

/** A stored row as the shared feed entry; a row missing its kind's fields is a bug, loudly. */
export function toFeedEntry(row: FeedRow): FeedEntry {
  const { seq, at } = row
  switch (row.kind) {
    case 'subject_revoked':
      return {
        seq,
        at,
        kind: row.kind,
        subject: need(row, 'subject'),
        revokedThrough: need(row, 'revokedThrough'),
      }
    case 'code_revoked':
      return { seq, at, kind: row.kind, jti: need(row, 'jti'), expiresAt: need(row, 'expiresAt') }
    case 'colour_changed':
      return {
        seq,
        at,
        kind: row.kind,
        subject: need(row, 'subject'),
        colour: need(row, 'colour'),
        revokedThrough: need(row, 'revokedThrough'),
      }
    case 'key_retired':
      return { seq, at, kind: row.kind, kid: need(row, 'kid') }
  }
}

function need<F extends keyof FeedRow>(row: FeedRow, field: F): NonNullable<FeedRow[F]> {
  const value = row[field]
  if (value === null || value === undefined) {
    throw new Error(`feed entry ${row.seq} (${row.kind}) lacks ${field}`)
  }
  return value as NonNullable<FeedRow[F]>
}
