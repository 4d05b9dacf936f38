// The revocation feed gates follow: ordered entries, read as deltas or a snapshot.
import { z } from 'zod'
import { colourSchema } from './colour.ts'

const subject = z.string().min(8).max(32)
const seq = z.int().positive()
const unixSeconds = z.int().nonnegative()

export const feedEntrySchema = z.discriminatedUnion('kind', [
  /** Codes of `subject` issued at or before `revokedThrough` are dead. */
  z.strictObject({
    seq,
    at: unixSeconds,
    kind: z.literal('subject_revoked'),
    subject,
    revokedThrough: unixSeconds,
  }),
  /** One code is dead; gates may forget it after `expiresAt`. */
  z.strictObject({
    seq,
    at: unixSeconds,
    kind: z.literal('code_revoked'),
    jti: z.string().min(6).max(32),
    expiresAt: unixSeconds,
  }),
  /** `subject` now has `colour`, and codes issued at or before `revokedThrough` are dead. */
  z.strictObject({
    seq,
    at: unixSeconds,
    kind: z.literal('colour_changed'),
    subject,
    colour: colourSchema,
    revokedThrough: unixSeconds,
  }),
  /** A signing key was retired: its codes are refused from now on. */
  z.strictObject({
    seq,
    at: unixSeconds,
    kind: z.literal('key_retired'),
    kid: z.string().min(1).max(16),
  }),
])
export type FeedEntry = z.infer<typeof feedEntrySchema>

/** `GET /device/feed?since=N`: entries with seq > N, oldest first. */
export const feedPageSchema = z.strictObject({
  entries: z.array(feedEntrySchema),
  /** Pass as `since` for the next page. */
  nextSince: z.int().nonnegative(),
  hasMore: z.boolean(),
  /** The highest seq in the feed when the page was read. */
  latestSeq: z.int().nonnegative(),
})
export type FeedPage = z.infer<typeof feedPageSchema>

/**
 * `GET /device/feed/snapshot`: the feed folded into current state, paged by
 * cursor. A new gate takes every page, then reads deltas since `asOfSeq` of
 * the first page, which catches anything that changed while it paged.
 */
export const feedSnapshotPageSchema = z.strictObject({
  asOfSeq: z.int().nonnegative(),
  subjects: z.array(z.strictObject({ subject, revokedThrough: unixSeconds })),
  codes: z.array(z.strictObject({ jti: z.string().min(6).max(32), expiresAt: unixSeconds })),
  retiredKids: z.array(z.string().min(1).max(16)),
  /** Absent on the last page. */
  nextCursor: z.string().max(64).optional(),
})
export type FeedSnapshotPage = z.infer<typeof feedSnapshotPageSchema>

/** Message a gate receives on the push channel: the feed has grown to `latestSeq`. */
export const feedNoticeSchema = z.strictObject({
  type: z.literal('feed'),
  latestSeq: z.int().nonnegative(),
})
export type FeedNotice = z.infer<typeof feedNoticeSchema>
