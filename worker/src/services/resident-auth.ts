// Resident sign-in by SMS code, sessions, the account, and moving it to a new number.
import {
  GreenGateError,
  maskPhone,
  randomId,
  type Account,
  type OtpSent,
  type ResidentSession,
} from '@greengate/shared'
import { and, eq } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { lookupHash, sha256 } from '../crypto/digest.ts'
import { seal } from '../crypto/seal.ts'
import { newToken } from '../crypto/tokens.ts'
import type { Database } from '../db/client.ts'
import { accounts, sessions } from '../db/schema.ts'
import type { SmsSender } from '../sms/sms-sender.ts'
import { consumeOtp, issueOtp, OTP_RESEND_SECONDS, OTP_TTL_SECONDS, type OtpTarget } from './otp.ts'
import { addressBucket, hitRateLimits } from './rate-limit.ts'

export const RESIDENT_SESSION_SECONDS = 30 * 86_400
/** Requests to move an account to a new number, per account and hour. */
export const PHONE_CHANGES_PER_HOUR = 5

export interface ResidentAuthDeps {
  db: Database
  config: Config
  /** Built on demand: production without a provider fails only when a code is sent. */
  sms: () => SmsSender
}

/** A send refused by a rate limit; the route answers 429 with Retry-After. */
export interface OtpRefused {
  retryAfterSeconds: number
}

/**
 * Sends a sign-in code. The answer is the same for registered and unknown numbers, and
 * so is the work done, so neither the answer nor its timing tells them apart.
 */
export async function requestLoginOtp(
  deps: ResidentAuthDeps,
  phone: string,
  clientAddress: string,
  now: number,
): Promise<OtpSent | OtpRefused> {
  const phoneHash = await phoneLookup(deps.config, phone)
  const account = await deps.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.phoneHash, phoneHash))
    .get()
  const target: OtpTarget = { purpose: 'login', phoneHash, accountId: account?.id ?? null }
  return sendOtp(deps, target, phone, clientAddress, now, 'sign-in')
}

/** Checks the code, creates the account on first sign-in and opens a session. */
export async function loginWithOtp(
  deps: ResidentAuthDeps,
  phone: string,
  code: string,
  now: number,
): Promise<ResidentSession> {
  const { db, config } = deps
  const phoneHash = await phoneLookup(config, phone)
  await consumeOtp(db, config, { purpose: 'login', phoneHash, accountId: null }, code, now)

  await db
    .insert(accounts)
    .values({
      id: randomId(16),
      phoneHash,
      phoneEnc: await seal(config.dataKey, 'phone', phone),
      phoneMasked: maskPhone(phone),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: accounts.phoneHash })
  const account = await db
    .select({ id: accounts.id, phoneMasked: accounts.phoneMasked })
    .from(accounts)
    .where(eq(accounts.phoneHash, phoneHash))
    .get()
  if (account === undefined) throw new Error('account vanished right after sign-in')

  const token = newToken('rs')
  const expiresAt = now + RESIDENT_SESSION_SECONDS
  await db.insert(sessions).values({
    tokenHash: await sha256(token),
    kind: 'resident',
    accountId: account.id,
    expiresAt,
    createdAt: now,
  })
  return { token, expiresAt, account }
}

export async function logout(db: Database, tokenHash: string): Promise<void> {
  await db
    .delete(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), eq(sessions.kind, 'resident')))
}

export async function getAccount(db: Database, accountId: string): Promise<Account> {
  const account = await db
    .select({ id: accounts.id, phoneMasked: accounts.phoneMasked, createdAt: accounts.createdAt })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .get()
  if (account === undefined)
    throw new GreenGateError('UNAUTHENTICATED', 'Your session has ended: sign in again')
  return account
}

/**
 * Sends a code to the new number, refusing a number that another account uses. Every
 * request counts against the account's hourly limit first, taken number or not, so that
 * PHONE_TAKEN cannot be used to find out in bulk which numbers have accounts.
 */
export async function requestPhoneChangeOtp(
  deps: ResidentAuthDeps,
  accountId: string,
  newPhone: string,
  clientAddress: string,
  now: number,
): Promise<OtpSent | OtpRefused> {
  const probe = await hitRateLimits(
    deps.db,
    [
      {
        scope: 'phone-change-hour',
        subject: accountId,
        max: PHONE_CHANGES_PER_HOUR,
        windowSeconds: 3600,
      },
    ],
    now,
  )
  if (!probe.allowed) return { retryAfterSeconds: probe.retryAfterSeconds }

  const phoneHash = await phoneLookup(deps.config, newPhone)
  await assertPhoneFree(deps.db, accountId, phoneHash)
  const target: OtpTarget = { purpose: 'change_phone', phoneHash, accountId }
  return sendOtp(deps, target, newPhone, clientAddress, now, 'confirmation')
}

/** Moves the account to the new number; its people, history and sessions stay. */
export async function changePhone(
  deps: ResidentAuthDeps,
  accountId: string,
  newPhone: string,
  code: string,
  now: number,
): Promise<Account> {
  const { db, config } = deps
  const phoneHash = await phoneLookup(config, newPhone)
  await assertPhoneFree(db, accountId, phoneHash)
  await consumeOtp(db, config, { purpose: 'change_phone', phoneHash, accountId }, code, now)

  try {
    await db
      .update(accounts)
      .set({
        phoneHash,
        phoneEnc: await seal(config.dataKey, 'phone', newPhone),
        phoneMasked: maskPhone(newPhone),
        updatedAt: now,
      })
      .where(eq(accounts.id, accountId))
  } catch (err) {
    // Another account signed in with this number after the check above.
    if (isUniqueViolation(err, 'accounts.phone_hash'))
      throw new GreenGateError('PHONE_TAKEN', 'Another account uses this number')
    throw err
  }
  return getAccount(db, accountId)
}

export function phoneLookup(config: Config, phone: string): Promise<string> {
  return lookupHash(config.lookupKey, 'phone', phone)
}

/**
 * Hashes a client address (an IPv6 one by its /64: see addressBucket) so that rate-limit
 * keys hold no address in the clear.
 */
export function addressLookup(config: Config, address: string): Promise<string> {
  return lookupHash(config.lookupKey, 'addr', addressBucket(address))
}

/** Whether `err` is SQLite refusing a duplicate, on `column` (`table.column`) if given. */
export function isUniqueViolation(err: unknown, column?: string): boolean {
  const text = err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : ''
  return /UNIQUE constraint failed/i.test(text) && (column === undefined || text.includes(column))
}

async function assertPhoneFree(db: Database, accountId: string, phoneHash: string): Promise<void> {
  const holder = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.phoneHash, phoneHash))
    .get()
  if (holder === undefined) return
  if (holder.id === accountId) {
    throw new GreenGateError('CONFLICT', 'This is already the number of your account')
  }
  throw new GreenGateError('PHONE_TAKEN', 'Another account uses this number')
}

async function sendOtp(
  deps: ResidentAuthDeps,
  target: OtpTarget,
  phone: string,
  clientAddress: string,
  now: number,
  what: 'sign-in' | 'confirmation',
): Promise<OtpSent | OtpRefused> {
  // Built first: a Worker that cannot send fails before counting or storing anything.
  const sender = deps.sms()
  const issued = await issueOtp(
    deps.db,
    deps.config,
    target,
    await addressLookup(deps.config, clientAddress),
    now,
  )
  if ('retryAfterSeconds' in issued) return { retryAfterSeconds: issued.retryAfterSeconds }

  const minutes = OTP_TTL_SECONDS / 60
  await sender.send(
    phone,
    `【GreenGate】Your ${what} code is ${issued.code}. ` +
      `It expires in ${minutes} minutes. Never share it.`,
  )
  return { sent: true, resendAfterSeconds: OTP_RESEND_SECONDS, expiresInSeconds: OTP_TTL_SECONDS }
}
