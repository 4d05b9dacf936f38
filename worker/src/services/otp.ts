// SMS one-time codes: issue (rate limited, hashed, one live code per number) and check.
import { GreenGateError, randomId } from '@greengate/shared'
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { lookupHash, timingSafeEqual } from '../crypto/digest.ts'
import type { Database } from '../db/client.ts'
import { otpChallenges } from '../db/schema.ts'
import { hitRateLimits, type RateLimit, type RateLimitResult } from './rate-limit.ts'

export const OTP_TTL_SECONDS = 5 * 60
export const OTP_MAX_ATTEMPTS = 5
/** A number may be sent one code a minute... */
export const OTP_RESEND_SECONDS = 60
/** ...and five an hour; one client address twenty an hour (a family, an office NAT). */
export const OTP_SENDS_PER_PHONE_HOUR = 5
export const OTP_SENDS_PER_ADDRESS_HOUR = 20

export type OtpPurpose = 'login' | 'change_phone'

export interface OtpTarget {
  purpose: OtpPurpose
  /** lookupHash of the number the code goes to. */
  phoneHash: string
  /** The account a change_phone code belongs to; for login, the account if one exists. */
  accountId: string | null
}

export interface IssuedOtp {
  code: string
  expiresAt: number
}

/**
 * The hourly limits one send counts against (the one-a-minute resend interval is measured
 * from the number's latest challenge instead: a fixed window would let two sends through
 * a second apart across its boundary). `addressHash` is the hashed CF-Connecting-IP.
 */
export function otpSendLimits(target: OtpTarget, addressHash: string): RateLimit[] {
  return [
    {
      scope: 'otp-phone-hour',
      subject: target.phoneHash,
      max: OTP_SENDS_PER_PHONE_HOUR,
      windowSeconds: 3600,
    },
    {
      scope: 'otp-addr-hour',
      subject: addressHash,
      max: OTP_SENDS_PER_ADDRESS_HOUR,
      windowSeconds: 3600,
    },
  ]
}

/**
 * Refuses a send within a minute of the number's last one, counts it against the hourly
 * limits and, when allowed, stores a new challenge (its code HMAC'd with LOOKUP_KEY and
 * salted by the challenge id) and retires the number's earlier live codes of the same
 * purpose, so only the newest code works.
 */
export async function issueOtp(
  db: Database,
  config: Config,
  target: OtpTarget,
  addressHash: string,
  now: number,
): Promise<IssuedOtp | Extract<RateLimitResult, { allowed: false }>> {
  const previous = await db
    .select({ createdAt: otpChallenges.createdAt })
    .from(otpChallenges)
    .where(
      and(eq(otpChallenges.phoneHash, target.phoneHash), eq(otpChallenges.purpose, target.purpose)),
    )
    .orderBy(desc(otpChallenges.createdAt))
    .get()
  const sinceLast = previous === undefined ? Infinity : now - previous.createdAt
  if (sinceLast < OTP_RESEND_SECONDS) {
    return { allowed: false, retryAfterSeconds: OTP_RESEND_SECONDS - sinceLast }
  }

  const limit = await hitRateLimits(db, otpSendLimits(target, addressHash), now)
  if (!limit.allowed) return limit

  const id = randomId(22)
  const code = randomOtpCode()
  const expiresAt = now + OTP_TTL_SECONDS
  await db.batch([
    db.update(otpChallenges).set({ consumedAt: now }).where(liveChallengesOf(target)),
    db.insert(otpChallenges).values({
      id,
      purpose: target.purpose,
      phoneHash: target.phoneHash,
      accountId: target.accountId,
      codeHash: await hashOtp(config, id, code),
      expiresAt,
      createdAt: now,
    }),
  ])
  return { code, expiresAt }
}

/**
 * Checks `code` against the number's live challenge and consumes it. Every try counts,
 * atomically, before the comparison, so parallel guesses cannot exceed the limit.
 * Throws OTP_EXPIRED (none live, expired or already used), OTP_EXHAUSTED or OTP_INVALID.
 */
export async function consumeOtp(
  db: Database,
  config: Config,
  target: OtpTarget,
  code: string,
  now: number,
): Promise<void> {
  const challenge = await db
    .select()
    .from(otpChallenges)
    .where(liveChallengesOf(target))
    .orderBy(desc(otpChallenges.createdAt))
    .get()
  if (challenge === undefined || challenge.expiresAt <= now) {
    throw new GreenGateError(
      'OTP_EXPIRED',
      'This code has expired or was replaced: request a new one',
    )
  }

  const counted = await db
    .update(otpChallenges)
    .set({ attempts: sql`${otpChallenges.attempts} + 1` })
    .where(
      and(
        eq(otpChallenges.id, challenge.id),
        lt(otpChallenges.attempts, OTP_MAX_ATTEMPTS),
        isNull(otpChallenges.consumedAt),
      ),
    )
    .returning({ attempts: otpChallenges.attempts })
    .get()
  if (counted === undefined) {
    throw new GreenGateError('OTP_EXHAUSTED', 'Too many wrong codes: request a new one')
  }

  if (!timingSafeEqual(await hashOtp(config, challenge.id, code), challenge.codeHash)) {
    const left = OTP_MAX_ATTEMPTS - counted.attempts
    if (left <= 0)
      throw new GreenGateError(
        'OTP_EXHAUSTED',
        'Wrong code, and no tries are left: request a new one',
      )
    throw new GreenGateError(
      'OTP_INVALID',
      `Wrong code: ${left} ${left === 1 ? 'try' : 'tries'} left`,
    )
  }

  const consumed = await db
    .update(otpChallenges)
    .set({ consumedAt: now })
    .where(and(eq(otpChallenges.id, challenge.id), isNull(otpChallenges.consumedAt)))
    .returning({ id: otpChallenges.id })
    .get()
  if (consumed === undefined) {
    throw new GreenGateError('OTP_EXPIRED', 'This code was already used: request a new one')
  }
}

/** Drops challenges that can no longer be used (for the scheduled purge). */
export async function purgeDeadOtpChallenges(db: Database, now: number): Promise<void> {
  await db.delete(otpChallenges).where(lt(otpChallenges.expiresAt, now))
}

function liveChallengesOf(target: OtpTarget) {
  const scope = and(
    eq(otpChallenges.phoneHash, target.phoneHash),
    eq(otpChallenges.purpose, target.purpose),
    isNull(otpChallenges.consumedAt),
  )
  // A change_phone code is bound to the account that asked for it.
  return target.purpose === 'change_phone' && target.accountId !== null
    ? and(scope, eq(otpChallenges.accountId, target.accountId))
    : scope
}

function hashOtp(config: Config, challengeId: string, code: string): Promise<string> {
  return lookupHash(config.lookupKey, `otp:${challengeId}`, code)
}

/** Six uniformly random digits (rejection sampling avoids modulo bias). */
function randomOtpCode(): string {
  const limit = 4_294_000_000 // the largest multiple of 10^6 below 2^32
  for (;;) {
    const value = crypto.getRandomValues(new Uint32Array(1))[0] ?? limit
    if (value < limit) return String(value % 1_000_000).padStart(6, '0')
  }
}
