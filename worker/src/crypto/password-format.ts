// The stored form of a staff password hash, shared by the Worker and the admin scripts.
// Pure string handling: the Worker derives with WebCrypto, the scripts with node:crypto.

export const PASSWORD_SCHEME = 'pbkdf2-sha256'

/**
 * workerd caps PBKDF2 at 100,000 iterations. Every hash records its own count,
 * so the count can be raised later without invalidating stored hashes.
 */
export const PASSWORD_ITERATIONS = 100_000

/** Bytes of random salt and of derived key. */
export const PASSWORD_SALT_BYTES = 16
export const PASSWORD_KEY_BYTES = 32

export interface PasswordHashParts {
  iterations: number
  /** base64url, unpadded. */
  salt: string
  /** base64url, unpadded. */
  derived: string
}

/** `pbkdf2-sha256$<iterations>$<salt>$<derived key>` */
export function formatPasswordHash(parts: PasswordHashParts): string {
  return `${PASSWORD_SCHEME}$${parts.iterations}$${parts.salt}$${parts.derived}`
}

/** Null for anything that is not a hash this code could have written. */
export function parsePasswordHash(stored: string): PasswordHashParts | null {
  const match = /^pbkdf2-sha256\$(\d{1,7})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{43})$/.exec(
    stored,
  )
  if (match === null) return null
  const iterations = Number(match[1])
  // Outside this range workerd refuses to derive; such a hash can only be damaged.
  if (iterations < 1_000 || iterations > PASSWORD_ITERATIONS) return null
  return { iterations, salt: match[2] ?? '', derived: match[3] ?? '' }
}
