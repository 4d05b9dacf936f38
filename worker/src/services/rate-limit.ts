// Fixed-window rate limits kept in D1 (rate_limits), shared by every isolate.
import { lte, sql } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import { rateLimits } from '../db/schema.ts'

/** At most `max` events per `windowSeconds` for one subject in one scope. */
export interface RateLimit {
  /** Names what is limited: `otp-phone-minute`, `otp-address-hour`, ... */
  scope: string
  /** A hash of the subject (a phone number, a client address): never the clear value. */
  subject: string
  max: number
  windowSeconds: number
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number }

/**
 * Counts one event against every limit, in one atomic batch, and answers whether all of
 * them still allow it. Counting before judging (instead of reading first) keeps parallel
 * requests from slipping through together; a refused event still counts, so hammering a
 * limit does not shorten it.
 */
export async function hitRateLimits(
  db: Database,
  limits: readonly RateLimit[],
  now: number,
): Promise<RateLimitResult> {
  const windows = limits.map((limit) => {
    const start = Math.floor(now / limit.windowSeconds) * limit.windowSeconds
    return {
      limit,
      end: start + limit.windowSeconds,
      key: `${limit.scope}:${limit.subject}:${start}`,
    }
  })
  const statements = windows.map(({ key, end }) =>
    db
      .insert(rateLimits)
      .values({ key, count: 1, expiresAt: end })
      .onConflictDoUpdate({ target: rateLimits.key, set: { count: sql`${rateLimits.count} + 1` } })
      .returning({ count: rateLimits.count }),
  )
  const [first, ...rest] = statements
  if (first === undefined) return { allowed: true }
  const counts = await db.batch([first, ...rest])

  let retryAfterSeconds = 0
  windows.forEach((window, i) => {
    if ((counts[i]?.[0]?.count ?? 0) > window.limit.max) {
      retryAfterSeconds = Math.max(retryAfterSeconds, window.end - now)
    }
  })
  return retryAfterSeconds > 0 ? { allowed: false, retryAfterSeconds } : { allowed: true }
}

/** Drops counters whose window has ended (for the scheduled purge). */
export async function purgeExpiredRateLimits(db: Database, now: number): Promise<void> {
  await db.delete(rateLimits).where(lte(rateLimits.expiresAt, now))
}
