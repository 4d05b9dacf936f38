// Staff password hashing: PBKDF2-SHA256 through WebCrypto, the strongest KDF workerd offers.
import { decodeBase64url, encodeBase64url } from '@greengate/shared'
import { timingSafeEqual } from './digest.ts'

// workerd caps PBKDF2 at 100,000 iterations; the hash records its own count so
// it can be raised later without invalidating stored hashes.
const ITERATIONS = 100_000
const text = new TextEncoder()

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const derived = await derive(password, salt, ITERATIONS)
  return `pbkdf2-sha256$${ITERATIONS}$${encodeBase64url(salt)}$${derived}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, saltPart, expected] = stored.split('$')
  const salt = saltPart === undefined ? null : decodeBase64url(saltPart)
  if (scheme !== 'pbkdf2-sha256' || salt === null || expected === undefined) return false
  const derived = await derive(password, salt, Number(iterations))
  return timingSafeEqual(derived, expected)
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', text.encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    256,
  )
  return encodeBase64url(new Uint8Array(bits))
}
