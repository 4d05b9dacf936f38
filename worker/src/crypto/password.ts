// Staff password hashing: PBKDF2-SHA256 through WebCrypto, the strongest KDF workerd offers.
import { decodeBase64url, encodeBase64url } from '@greengate/shared'
import { timingSafeEqual } from './digest.ts'
import {
  formatPasswordHash,
  parsePasswordHash,
  PASSWORD_ITERATIONS,
  PASSWORD_KEY_BYTES,
  PASSWORD_SALT_BYTES,
} from './password-format.ts'

const text = new TextEncoder()

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(PASSWORD_SALT_BYTES))
  const derived = await derive(password, salt, PASSWORD_ITERATIONS)
  return formatPasswordHash({
    iterations: PASSWORD_ITERATIONS,
    salt: encodeBase64url(salt),
    derived,
  })
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = parsePasswordHash(stored)
  const salt = parts === null ? null : decodeBase64url(parts.salt)
  if (parts === null || salt === null) return false
  const derived = await derive(password, salt, parts.iterations)
  return timingSafeEqual(derived, parts.derived)
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', text.encode(password), 'PBKDF2', false, [
    'deriveBits',
  ])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    PASSWORD_KEY_BYTES * 8,
  )
  return encodeBase64url(new Uint8Array(bits))
}
