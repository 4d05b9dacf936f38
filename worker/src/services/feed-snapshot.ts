// The feed folded into current state, for a gate starting from nothing: per subject the
// latest revokedThrough, the revoked codes not yet expired, and the retired kids.
//
// Paged by a cursor `<asOfSeq>.<phase>.<after>`: phase `s` pages subjects in order, then
// phase `c` pages codes by jti. Every page reads the feed as of the first page's seq, so
// the pages agree; the gate then reads deltas since asOfSeq for anything newer.
import { GreenGateError, type FeedSnapshotPage } from '@greengate/shared'
import { eq, sql } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import { feedEntries, signingKeys } from '../db/schema.ts'

export const DEFAULT_SNAPSHOT_PAGE = 1000
export const MAX_SNAPSHOT_PAGE = 5000
export const SNAPSHOT_CURSOR = /^(\d{1,15})\.([sc])\.([A-Za-z0-9_-]{0,32})$/

/**
 * A subject revocation matters only while a code issued before it may still be alive:
 * the longest-lived code is a printed pass (at most 90 days, config.ts), plus a day of
 * margin for clocks. Older ones are left out so the snapshot does not grow forever.
 */
const REVOCATION_HORIZON_SECONDS = 91 * 86_400

interface Cursor {
  asOfSeq: number
  phase: 's' | 'c'
  after: string
}

export async function readSnapshotPage(
  db: Database,
  cursorText: string | undefined,
  limit: number,
  now: number,
): Promise<FeedSnapshotPage> {
  const first = cursorText === undefined
  const cursor = first
    ? { asOfSeq: await latestSeq(db), phase: 's' as const, after: '' }
    : parseCursor(cursorText)
  const { asOfSeq } = cursor

  const subjects =
    cursor.phase === 's'
      ? await subjectsAfter(db, asOfSeq, cursor.after, limit + 1, now - REVOCATION_HORIZON_SECONDS)
      : []
  const subjectsDone = subjects.length <= limit
  const codes = subjectsDone
    ? await codesAfter(db, asOfSeq, cursor.phase === 'c' ? cursor.after : '', limit + 1, now)
    : []
  const retiredKids = first
    ? (
        await db
          .select({ kid: signingKeys.kid })
          .from(signingKeys)
          .where(eq(signingKeys.state, 'retired'))
      ).map((row) => row.kid)
    : []

  const page: FeedSnapshotPage = {
    asOfSeq,
    subjects: subjects.slice(0, limit),
    codes: codes.slice(0, limit),
    retiredKids,
  }
  const lastSubject = page.subjects.at(-1)
  const lastCode = page.codes.at(-1)
  if (!subjectsDone && lastSubject !== undefined) {
    page.nextCursor = `${asOfSeq}.s.${lastSubject.subject}`
  } else if (codes.length > limit && lastCode !== undefined) {
    page.nextCursor = `${asOfSeq}.c.${lastCode.jti}`
  }
  return page
}

function parseCursor(text: string): Cursor {
  const match = SNAPSHOT_CURSOR.exec(text)
  if (match === null) {
    throw new GreenGateError('VALIDATION_FAILED', 'Invalid query: cursor is not one this API gave')
  }
  return { asOfSeq: Number(match[1]), phase: match[2] === 'c' ? 'c' : 's', after: match[3] ?? '' }
}

async function latestSeq(db: Database): Promise<number> {
  const row = await db
    .select({ seq: sql<number>`COALESCE(MAX(${feedEntries.seq}), 0)` })
    .from(feedEntries)
    .get()
  return row?.seq ?? 0
}

async function subjectsAfter(
  db: Database,
  asOfSeq: number,
  after: string,
  limit: number,
  horizon: number,
) {
  const rows = await db.all<{ subject: string; revokedThrough: number }>(sql`
    SELECT subject, MAX(revoked_through) AS revokedThrough FROM feed_entries
    WHERE subject IS NOT NULL AND subject > ${after} AND seq <= ${asOfSeq}
    GROUP BY subject HAVING MAX(revoked_through) > ${horizon}
    ORDER BY subject LIMIT ${limit}`)
  return rows
}

async function codesAfter(
  db: Database,
  asOfSeq: number,
  after: string,
  limit: number,
  now: number,
) {
  const rows = await db.all<{ jti: string; expiresAt: number }>(sql`
    SELECT jti, MAX(expires_at) AS expiresAt FROM feed_entries
    WHERE kind = 'code_revoked' AND jti > ${after} AND seq <= ${asOfSeq}
    GROUP BY jti HAVING MAX(expires_at) > ${now}
    ORDER BY jti LIMIT ${limit}`)
  return rows
}
