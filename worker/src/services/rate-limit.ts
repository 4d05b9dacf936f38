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

/**
 * What a per-address limit counts for a client address: an IPv4 address whole, an IPv6
 * address by its /64. One subscriber holds a whole /64 (often a /56), so counting each
 * IPv6 address alone would let a caller rotate through billions of them. An IPv4-mapped
 * address counts as its IPv4 address; anything else that does not parse counts as written.
 */
export function addressBucket(address: string): string {
  const text = address.trim().toLowerCase()
  if (!text.includes(':')) return text
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)
  if (mapped?.[1] !== undefined) return mapped[1]

  const prefix = ipv6Prefix(text)
  return prefix === null ? text : `${prefix.join(':')}::/64`
}

/** The first four hextets of an IPv6 address without leading zeros, or null if it is none. */
function ipv6Prefix(text: string): string[] | null {
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groupsOf = (half: string | undefined) =>
    half === undefined || half === '' ? [] : half.split(':')
  const head = groupsOf(halves[0])
  const tail = groupsOf(halves[1])
  // A dotted IPv4 tail (`64:ff9b::1.2.3.4`) stands for the last two hextets.
  const dotted = (tail.at(-1) ?? head.at(-1) ?? '').includes('.')
  const width = head.length + tail.length + (dotted ? 1 : 0)
  const compressed = halves.length === 2
  if (compressed ? width > 7 : width !== 8) return null

  const zeros = compressed ? Array<string>(8 - width).fill('0') : []
  const prefix = [...head, ...zeros, ...tail].slice(0, 4)
  if (!prefix.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null
  return prefix.map((group) => parseInt(group, 16).toString(16))
}
