// Caps staff sign-in attempts per username and per client address.
import { GreenGateError } from '@greengate/shared'
import { and, gte, lt } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Config } from '../config.ts'
import { lookupHash } from '../crypto/digest.ts'
import type { Database } from '../db/client.ts'
import { rateLimits } from '../db/schema.ts'
import { hitRateLimits } from './rate-limit.ts'
import { addressLookup } from './resident-auth.ts'

export const LOGIN_WINDOW_SECONDS = 15 * 60
/** Attempts on one username per window: slows guessing one account's password. */
export const LOGIN_LIMIT_PER_USERNAME = 10
/** Attempts from one address per window: slows trying many usernames from one place. */
export const LOGIN_LIMIT_PER_ADDRESS = 50

const USER_SCOPE = 'staff-login-user'
const ADDRESS_SCOPE = 'staff-login-address'

/**
 * Counts this attempt against both limits before the password is checked, so
 * that parallel guesses cannot slip past a read-then-write check. Throws
 * RATE_LIMITED once either count is over its limit. Answers the hashed
 * username, which a successful sign-in passes to forgetUsernameAttempts.
 */
export async function countLoginAttempt(
  db: Database,
  config: Config,
  username: string,
  address: string,
  now: number,
): Promise<string> {
  // Keyed hashes: the table holds neither usernames nor addresses, and the
  // small space of addresses cannot be searched back from it.
  const userHash = await lookupHash(config.lookupKey, 'staff-user', username)
  const result = await hitRateLimits(
    db,
    [
      {
        scope: USER_SCOPE,
        subject: userHash,
        max: LOGIN_LIMIT_PER_USERNAME,
        windowSeconds: LOGIN_WINDOW_SECONDS,
      },
      {
        scope: ADDRESS_SCOPE,
        subject: await addressLookup(config, address),
        max: LOGIN_LIMIT_PER_ADDRESS,
        windowSeconds: LOGIN_WINDOW_SECONDS,
      },
    ],
    now,
  )
  if (!result.allowed) {
    const minutes = Math.ceil(result.retryAfterSeconds / 60)
    throw new GreenGateError(
      'RATE_LIMITED',
      `Too many sign-in attempts: try again in ${minutes} minutes`,
    )
  }
  return userHash
}

/**
 * After a correct password: the owner's own sign-ins never lock them out.
 * Keys are `<scope>:<subject>:<window start>`; the range covers every window.
 */
export function forgetUsernameAttempts(db: Database, userHash: string): BatchItem<'sqlite'> {
  const prefix = `${USER_SCOPE}:${userHash}`
  return db
    .delete(rateLimits)
    .where(and(gte(rateLimits.key, `${prefix}:`), lt(rateLimits.key, `${prefix};`)))
}
