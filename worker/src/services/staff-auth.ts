// Staff sign-in and sign-out: password check, opaque session tokens stored hashed.
import { GreenGateError, type StaffSession } from '@greengate/shared'
import { and, eq, lte } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { sha256 } from '../crypto/digest.ts'
import { verifyPassword } from '../crypto/password.ts'
import { formatPasswordHash, PASSWORD_ITERATIONS } from '../crypto/password-format.ts'
import { newToken } from '../crypto/tokens.ts'
import type { Database } from '../db/client.ts'
import { sessions, staff } from '../db/schema.ts'
import { countLoginAttempt, forgetUsernameAttempts } from './staff-login-limit.ts'

export const STAFF_SESSION_SECONDS = 12 * 60 * 60

/**
 * Checked instead of a real hash when the username is unknown, so that an
 * unknown username costs the same PBKDF2 work as a wrong password and the two
 * cannot be told apart by timing. No password matches it.
 */
export const DECOY_PASSWORD_HASH = formatPasswordHash({
  iterations: PASSWORD_ITERATIONS,
  salt: 'c3RhZmYtbG9naW4tZGVjb3k',
  derived: 'A'.repeat(43),
})

const CREDENTIALS_INVALID = 'Wrong username or password'

export async function signInStaff(
  db: Database,
  config: Config,
  input: { username: string; password: string; address: string },
  now: number,
): Promise<StaffSession> {
  const username = input.username.trim().toLowerCase()
  const attemptsKey = await countLoginAttempt(db, config, username, input.address, now)

  const row = await db
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
      passwordHash: staff.passwordHash,
      disabledAt: staff.disabledAt,
    })
    .from(staff)
    .where(eq(staff.username, username))
    .get()
  const matches = await verifyPassword(input.password, row?.passwordHash ?? DECOY_PASSWORD_HASH)
  // A disabled account answers like a wrong password: the caller learns nothing.
  if (row === undefined || !matches || row.disabledAt !== null) {
    throw new GreenGateError('CREDENTIALS_INVALID', CREDENTIALS_INVALID)
  }

  const token = newToken('ss')
  const expiresAt = now + STAFF_SESSION_SECONDS
  await db.batch([
    // Sweeps this account's ended sessions so the table does not grow without bound.
    db.delete(sessions).where(and(eq(sessions.staffId, row.id), lte(sessions.expiresAt, now))),
    db.insert(sessions).values({
      tokenHash: await sha256(token),
      kind: 'staff',
      staffId: row.id,
      expiresAt,
      createdAt: now,
    }),
    forgetUsernameAttempts(db, attemptsKey),
  ])
  return {
    token,
    expiresAt,
    staff: { id: row.id, username: row.username, displayName: row.displayName, role: row.role },
  }
}

/** Ends the session whose token hashes to `tokenHash`. */
export async function signOutStaff(db: Database, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash))
}

export async function staffProfile(db: Database, staffId: string): Promise<StaffSession['staff']> {
  const row = await db
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
    })
    .from(staff)
    .where(eq(staff.id, staffId))
    .get()
  if (row === undefined)
    throw new GreenGateError('UNAUTHENTICATED', 'Your session has ended: sign in again')
  return row
}
