// The private ES256 keys from the SIGNING_KEYS secret, imported once per secret value.
import { CODE_ALG, GreenGateError, publicJwkSchema, type PublicJwk } from '@greengate/shared'
import { z } from 'zod'

const coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/)

const privateJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: coordinate,
  y: coordinate,
  d: coordinate,
  kid: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/),
  alg: z.literal(CODE_ALG).optional(),
})
const secretSchema = z.array(privateJwkSchema).min(1).max(16)

export interface SigningKeyPair {
  kid: string
  privateKey: CryptoKey
  publicJwk: PublicJwk
}

export interface Keyring {
  /** In the order of the secret: the first is the one that signs before any is activated. */
  keys: readonly SigningKeyPair[]
  byKid: ReadonlyMap<string, SigningKeyPair>
}

// Keyed by the secret's text: a pure cache of what that text imports to. A new secret
// value (a rotation) is a new key, so nothing stale is ever served.
const keyrings = new Map<string, Promise<Keyring>>()

/** The keys in SIGNING_KEYS; a malformed secret throws SIGNING_KEY_MISSING (a 500). */
export function keyringOf(secret: string): Promise<Keyring> {
  let ring = keyrings.get(secret)
  if (ring === undefined) {
    ring = importKeyring(secret)
    keyrings.set(secret, ring)
  }
  return ring
}

async function importKeyring(secret: string): Promise<Keyring> {
  const parsed = secretSchema.safeParse(parseJson(secret))
  if (!parsed.success) {
    throw new GreenGateError(
      'SIGNING_KEY_MISSING',
      'SIGNING_KEYS must be a JSON array of ES256 private JWKs with kids',
    )
  }
  const kids = parsed.data.map((jwk) => jwk.kid)
  if (new Set(kids).size !== kids.length) {
    throw new GreenGateError('SIGNING_KEY_MISSING', 'SIGNING_KEYS holds two keys with the same kid')
  }

  const keys = await Promise.all(parsed.data.map(importPair))
  return { keys, byKid: new Map(keys.map((key) => [key.kid, key])) }
}

async function importPair(jwk: z.infer<typeof privateJwkSchema>): Promise<SigningKeyPair> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' }
  const { kty, crv, x, y, d } = jwk
  let privateKey: CryptoKey
  let publicKey: CryptoKey
  try {
    privateKey = await crypto.subtle.importKey('jwk', { kty, crv, x, y, d }, algorithm, false, [
      'sign',
    ])
    publicKey = await crypto.subtle.importKey('jwk', { kty, crv, x, y }, algorithm, false, [
      'verify',
    ])
  } catch {
    throw new GreenGateError(
      'SIGNING_KEY_MISSING',
      `SIGNING_KEYS: key ${jwk.kid} is not a valid P-256 key pair`,
    )
  }

  // A private half that does not match its public half would sign codes nobody can
  // verify: prove the pair once, here, rather than at every gate.
  const probe = new TextEncoder().encode(`greengate key check ${jwk.kid}`)
  const params = { name: 'ECDSA', hash: 'SHA-256' }
  const signature = await crypto.subtle.sign(params, privateKey, probe)
  if (!(await crypto.subtle.verify(params, publicKey, signature, probe))) {
    throw new GreenGateError(
      'SIGNING_KEY_MISSING',
      `SIGNING_KEYS: key ${jwk.kid} has x/y that do not match d`,
    )
  }

  const publicJwk = publicJwkSchema.parse({
    kty,
    crv,
    x,
    y,
    kid: jwk.kid,
    alg: CODE_ALG,
    use: 'sig',
  })
  return { kid: jwk.kid, privateKey, publicJwk }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
