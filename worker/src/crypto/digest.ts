// Hashes: SHA-256 for bearer tokens and one-time codes, keyed HMAC for look-ups.
import { encodeBase64url } from '@greengate/shared'

const text = new TextEncoder()

export async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', text.encode(value))
  return encodeBase64url(new Uint8Array(digest))
}

const hmacKeys = new Map<string, Promise<CryptoKey>>()

/**
 * Keyed hash used to find a phone number or ID document without storing it in
 * the clear. The key (LOOKUP_KEY) never leaves the Worker, so the hash cannot
 * be reversed by trying every plausible number.
 */
export async function lookupHash(
  secretBase64: string,
  scope: string,
  value: string,
): Promise<string> {
  let key = hmacKeys.get(secretBase64)
  if (key === undefined) {
    key = crypto.subtle.importKey(
      'raw',
      base64ToBytes(secretBase64),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    hmacKeys.set(secretBase64, key)
  }
  const mac = await crypto.subtle.sign('HMAC', await key, text.encode(`${scope}\u0000${value}`))
  return encodeBase64url(new Uint8Array(mac))
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Compares two strings in time independent of where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
