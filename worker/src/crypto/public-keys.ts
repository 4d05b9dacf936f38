// ES256 signature checks against public JWKs, with the imported keys cached by coordinates.
import type { PublicJwk } from '@greengate/shared'

// A pure cache: the same coordinates always import to the same key.
const imported = new Map<string, Promise<CryptoKey>>()

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' }
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' }

/** True when `signature` (raw r||s, 64 bytes) over `signingInput` was made by `jwk`'s key. */
export async function verifyEs256(
  jwk: PublicJwk,
  signingInput: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const key = await publicKeyOf(jwk)
  return crypto.subtle.verify(
    ECDSA_SHA256,
    key,
    signature as Uint8Array<ArrayBuffer>,
    signingInput as Uint8Array<ArrayBuffer>,
  )
}

function publicKeyOf(jwk: PublicJwk): Promise<CryptoKey> {
  const id = `${jwk.x}.${jwk.y}`
  let key = imported.get(id)
  if (key === undefined) {
    const { kty, crv, x, y } = jwk
    key = crypto.subtle.importKey('jwk', { kty, crv, x, y }, ECDSA_P256, false, ['verify'])
    // A key that fails to import (a point off the curve) must not poison the cache.
    key.catch(() => imported.delete(id))
    imported.set(id, key)
  }
  return key
}
