// Makes an ES256 signing key as a private JWK with a short random kid.
import { generateKeyPairSync, randomBytes } from 'node:crypto'

export interface PrivateSigningJwk {
  kty: string
  crv: string
  x: string
  y: string
  d: string
  kid: string
  alg: 'ES256'
}

export function generateSigningKey(): PrivateSigningJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = privateKey.export({ format: 'jwk' })
  return {
    kty: String(jwk.kty),
    crv: String(jwk.crv),
    x: String(jwk.x),
    y: String(jwk.y),
    d: String(jwk.d),
    kid: randomBytes(3).toString('base64url'),
    alg: 'ES256',
  }
}
